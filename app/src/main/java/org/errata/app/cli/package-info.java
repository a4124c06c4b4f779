/** The picocli subcommands of {@code errata}; they call the same services as the workbench. */
@NullMarked
package org.errata.app.cli;

import org.jspecify.annotations.NullMarked;
