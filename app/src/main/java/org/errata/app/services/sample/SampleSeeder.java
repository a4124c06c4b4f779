package org.errata.app.services.sample;

import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceStore;

/** Puts the built-in sample into a database that has no runs yet, so the first start shows a trace. */
public final class SampleSeeder {
    private SampleSeeder() {}

    /** Returns whether it seeded. */
    public static boolean seedIfEmpty(Database db) throws PersistenceException {
        TraceStore traces = new TraceStore(db);
        DatasetStore datasets = new DatasetStore(db);
        if (!traces.runs().isEmpty() || datasets.dataset(SampleLibrary.DATASET).isPresent()) return false;
        datasets.saveProblems(SampleLibrary.DATASET, "builtin", SampleLibrary.problems());
        traces.saveRun(SampleLibrary.run());
        for (Trace t : SampleLibrary.traces()) traces.saveTrace(t);
        return true;
    }
}
