package org.errata.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.app.cli.BenchCommand;
import org.errata.app.cli.DatasetsCommand;
import org.errata.app.cli.ExportCommand;
import org.errata.app.cli.ImportCommand;
import org.errata.app.cli.MergeCommand;
import org.errata.app.cli.RunsCommand;
import org.errata.app.gui.WorkbenchLauncher;
import org.errata.persistence.db.DataPaths;
import org.jspecify.annotations.Nullable;
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
        description = "A research workbench for LLM self-correction.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, added by {@link #commandLine()} rather than named in the annotation, so that
     * opening the workbench does not build every command's options first (about a quarter of a
     * second of a 3-second start).
     */
    private static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            CommandLine.HelpCommand.class,
            ImportCommand.class,
            DatasetsCommand.class,
            RunsCommand.class,
            ExportCommand.class,
            MergeCommand.class,
            org.errata.app.cli.GradeCommand.class,
            org.errata.app.cli.GenerateCommand.class,
            org.errata.app.cli.RunCommand.class,
            org.errata.app.cli.RecipesCommand.class,
            org.errata.app.cli.MetricsCommand.class,
            org.errata.app.cli.TrainDemoCommand.class,
            BenchCommand.class,
            org.errata.app.cli.AgreementCommand.class);


    @Option(names = "--db", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "SQLite database file (default: $ERRATA_DB, else $XDG_DATA_HOME/errata/errata.db).")
    @Nullable Path db;

    /** The database file: {@code --db}, else {@code $ERRATA_DB}, else the XDG data folder. */
    public Path database() {
        return db != null ? db : DataPaths.defaultDatabase();
    }

    /** The database given with {@code --db}, if any. */
    public @Nullable Path explicitDatabase() {
        return db;
    }

    @Option(names = "--screenshot", hidden = true, paramLabel = "PNG",
            description = "Open the workbench, write a PNG of its window, and quit.")
    @org.jspecify.annotations.Nullable Path screenshot;

    @Option(names = "--dark", hidden = true, negatable = true, description = "Open in the dark (or light) theme.")
    @org.jspecify.annotations.Nullable Boolean dark;

    /** The hidden --screenshot file, or null. */
    public @org.jspecify.annotations.Nullable Path screenshot() {
        return screenshot;
    }

    /** The hidden --dark / --no-dark choice, or null for the saved theme. */
    public @org.jspecify.annotations.Nullable Boolean darkTheme() {
        return dark;
    }

    public static void main(String[] args) {
        StartupTimeline.mark("main");
        System.setProperty("ai.djl.offline", "true");
        CommandLine light = workbenchLine();
        int code = (opensWorkbench(light, args) ? light : commandLine()).execute(args);
        if (code != 0 || args.length > 0) {
            System.exit(code);
        }
    }

    /** The whole command line: the global options and every subcommand. */
    public static CommandLine commandLine() {
        CommandLine cl = workbenchLine();
        // as CommandLine objects: picocli 4.7 skips a command's model transformer (export's list of
        // formats) when it is handed the bare class
        for (Class<?> sub : SUBCOMMANDS) cl.addSubcommand(new CommandLine(sub));
        withHelp(cl);
        return cl;
    }

    /** The global options only, which is all that opening the workbench needs. */
    private static CommandLine workbenchLine() {
        Logging.configure();
        CommandLine cl = new CommandLine(new Main());
        // Failures are one clear line and exit code 1, never a stack trace (ERRATA_DEBUG=1 shows it).
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("errata: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("ERRATA_DEBUG") != null) e.printStackTrace(cmd.getErr());
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    /**
     * Whether {@code args} only open the workbench: picocli reads them against the global options
     * alone, and anything else (a subcommand, --help, --version, a mistake) goes to the whole
     * command line, which answers it.
     */
    static boolean opensWorkbench(CommandLine globalOptions, String[] args) {
        try {
            CommandLine.ParseResult r = globalOptions.parseArgs(args);
            return !r.isUsageHelpRequested() && !r.isVersionHelpRequested() && r.unmatched().isEmpty();
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }

    /** Every command answers --help (and --version), whether or not its class asked for it. */
    private static void withHelp(CommandLine cl) {
        if (!cl.getCommandSpec().mixinStandardHelpOptions()) cl.getCommandSpec().mixinStandardHelpOptions(true);
        for (CommandLine sub : cl.getSubcommands().values()) withHelp(sub);
    }

    @Override
    public Integer call() {
        StartupTimeline.mark("cli");
        // The workbench's warnings, with their stack traces, go to the log file beside the database.
        Logging.FileLog log = null;
        try {
            log = Logging.toFile(DataPaths.logFile(database()));
        } catch (java.io.IOException e) {
            System.err.println("errata: " + e.getMessage() + "; warnings go to the console only");
        }
        try {
            WorkbenchLauncher.launch(this);
        } finally {
            if (log != null) log.close();
        }
        return 0;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.describe()};
        }
    }
}
