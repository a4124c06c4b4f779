/** The workbench and the command line; {@link org.errata.app.Main} is the one place objects are wired. */
@NullMarked
package org.errata.app;

import org.jspecify.annotations.NullMarked;
