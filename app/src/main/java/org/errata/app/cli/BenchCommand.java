package org.errata.app.cli;

import picocli.CommandLine.Command;

/** {@code errata bench ...}: performance measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures performance.",
        subcommands = {RuntimeBenchCommand.class})
public final class BenchCommand {
}
