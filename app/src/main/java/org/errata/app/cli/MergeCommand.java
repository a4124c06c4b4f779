package org.errata.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.errata.app.Main;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.DatabaseMerger;
import org.errata.persistence.db.PersistenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "merge", description = "Merges the databases of shards run on other machines into this one (the --db database). Rows already present are skipped; a finished tree replaces one left unfinished here.")
public final class MergeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DB", arity = "1..*", description = "Shard database files.")
    List<Path> shards;

    @Override
    public Integer call() throws PersistenceException {
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = Database.open(main.database())) {
            for (Path shard : shards) {
                DatabaseMerger.MergeReport r = DatabaseMerger.merge(db, shard);
                out.printf("merged %s: %d datasets, %d problems, %d runs, %d traces, %d nodes (%d traces already here)%n",
                        r.source(), r.datasets(), r.problems(), r.runs(), r.traces(), r.nodes(), r.skippedTraces());
                out.flush();
            }
        }
        return 0;
    }
}
