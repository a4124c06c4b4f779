/** The {@code errata} subcommands: picocli classes over the same services as the workbench. */
@NullMarked
package org.errata.app.cli;

import org.jspecify.annotations.NullMarked;
