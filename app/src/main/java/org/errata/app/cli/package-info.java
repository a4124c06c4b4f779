/** The {@code errata} command line: picocli commands over the same services as the workbench. */
@NullMarked
package org.errata.app.cli;

import org.jspecify.annotations.NullMarked;
