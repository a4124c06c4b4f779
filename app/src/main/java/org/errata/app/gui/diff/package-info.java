/** Step-aligned diff between consecutive attempts. */
@NullMarked
package org.errata.app.gui.diff;

import org.jspecify.annotations.NullMarked;
