/** The {@code errata} subcommands (picocli), calling the same services as the workbench. */
@NullMarked
package org.errata.app.cli;

import org.jspecify.annotations.NullMarked;
