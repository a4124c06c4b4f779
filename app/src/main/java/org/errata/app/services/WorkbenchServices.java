package org.errata.app.services;

import java.nio.file.Path;
import org.errata.app.services.sample.SampleSeeder;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.runtime.api.RuntimeOptions;

/**
 * The services the workbench runs on, over one database: the store-backed library and the
 * engine. A new database gets the hand-written sample traces (to look at) and the demo model's
 * held-out problems (to run the bundled demo model on at once). Every run goes through the engine.
 */
public record WorkbenchServices(LibraryService library, RunService runs, Database database)
        implements AutoCloseable {

    public static WorkbenchServices open(Path dbFile) throws ServiceException {
        Database db;
        try {
            db = Database.open(dbFile);
            org.errata.app.StartupTimeline.mark("db-open");
            SampleSeeder.seedIfEmpty(db);
        } catch (PersistenceException e) {
            throw new ServiceException("cannot open the database " + dbFile + ": " + e.getMessage(), e);
        }
        RunLauncher launcher = new RunLauncher(db, RuntimeOptions.defaults());
        try {
            launcher.ensureDemoDataset();
        } catch (ServiceException e) {
            db.close();
            throw e;
        }
        org.errata.app.StartupTimeline.mark("db-ready");
        return new WorkbenchServices(new StoreLibraryService(db), new EngineRunService(launcher), db);
    }

    /** Import and export over this database: the service {@code errata import} and {@code errata export} call. */
    public FileTransfers transfers() {
        return new FileTransfers(database);
    }

    @Override
    public void close() {
        database.close();
    }
}
