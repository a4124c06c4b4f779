package org.errata.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.gui.WorkbenchLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code errata}: with no subcommand it opens the workbench; with one it runs the command line.
 * Global options apply to both.
 */
@Command(
        name = "errata",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "A research workbench for LLM self-correction.",
        subcommands = {CommandLine.HelpCommand.class,
                org.errata.app.cli.GenerateCommand.class,
                org.errata.app.cli.TrainDemoCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "PATH",
            description = "SQLite database file (default: $ERRATA_DB, else $XDG_DATA_HOME/errata/errata.db).")
    Path db;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        int code = commandLine().execute(args);
        if (code != 0 || args.length > 0) {
            System.exit(code);
        }
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public Integer call() {
        WorkbenchLauncher.launch(this);
        return 0;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.describe()};
        }
    }
}
