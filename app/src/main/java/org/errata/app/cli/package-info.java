/** The {@code errata} subcommands (picocli); each calls the same services as the workbench. */
@NullMarked
package org.errata.app.cli;

import org.jspecify.annotations.NullMarked;
