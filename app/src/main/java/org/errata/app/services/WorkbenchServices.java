package org.errata.app.services;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.app.services.sample.SampleSeeder;
import org.errata.assets.AssetException;
import org.errata.assets.Assets;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopListener;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.RuntimeOptions;

/**
 * The services the workbench runs on, over one database: the store-backed library and the
 * engine. On a database without runs it seeds the built-in sample. When this build has no
 * bundled demo model, "run the demo model" replays the sample's recorded traces instead
 * (stored like any run); model folders and servers always go through the engine.
 */
public record WorkbenchServices(LibraryService library, RunService runs, Database database, boolean demoModelBundled)
        implements AutoCloseable {

    public static WorkbenchServices open(Path dbFile, double replayTokensPerSecond) throws ServiceException {
        Database db;
        try {
            db = Database.open(dbFile);
            SampleSeeder.seedIfEmpty(db);
        } catch (PersistenceException e) {
            throw new ServiceException("cannot open the database " + dbFile + ": " + e.getMessage(), e);
        }
        boolean bundled;
        try {
            Assets.standard().demoModel();
            bundled = true;
        } catch (AssetException e) {
            bundled = false;
        }
        LibraryService library = new StoreLibraryService(db);
        RunService engine = new EngineRunService(new RunLauncher(db, RuntimeOptions.defaults()));
        RunService runs = bundled ? engine : new DemoReplay(engine,
                new ReplayRunService(library, SampleLibrary.RUN, replayTokensPerSecond, Clock.systemUTC()), db);
        return new WorkbenchServices(library, runs, db, bundled);
    }

    @Override
    public void close() {
        database.close();
    }

    /** The engine for real models; a stored replay of the sample for the (missing) demo model. */
    private record DemoReplay(RunService engine, RunService replay, Database db) implements RunService {
        @Override public List<String> strategies() { return engine.strategies(); }
        @Override public boolean usesGold(String strategy) { return engine.usesGold(strategy); }

        @Override
        public RunHandle start(RunRequest request, LoopListener listener) throws ServiceException {
            if (!(request.model() instanceof ModelSource.BundledDemo)) return engine.start(request, listener);
            TraceWriter writer = new TraceWriter(db);
            AtomicBoolean closed = new AtomicBoolean();
            LoopListener store = event -> {
                writer.on(event);
                if (event instanceof LoopEvent.RunEnded && closed.compareAndSet(false, true)) {
                    try {
                        writer.close();
                    } catch (PersistenceException e) {
                        listener.on(new LoopEvent.RunEnded(event.run(), LoopEvent.RunOutcome.FAILED,
                                "the replayed traces could not be saved: " + e.getMessage()));
                        return;
                    }
                }
            };
            return replay.start(request, LoopListener.all(store, listener));
        }
    }
}
