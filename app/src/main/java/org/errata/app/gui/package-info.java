/** The workbench window: shell, theme, layout persistence, shortcuts. Views bind; view models hold state. */
@NullMarked
package org.errata.app.gui;

import org.jspecify.annotations.NullMarked;
