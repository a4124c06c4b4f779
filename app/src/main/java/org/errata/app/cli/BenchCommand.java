package org.errata.app.cli;

import org.errata.app.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code errata bench ...}: commands that measure and print figures. */
@Command(name = "bench", description = "Benchmarks that print figures.",
        subcommands = {BenchStoreCommand.class, RuntimeBenchCommand.class, BenchGuiCommand.class,
                CopySpecBenchCommand.class, BenchStartupCommand.class})
public final class BenchCommand {
    @ParentCommand Main main;

    public Main main() {
        return main;
    }
}
