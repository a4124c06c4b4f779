package org.errata.app.annotate;

import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceStore;

/** Where the session keeps each label version: the store, or a writer thread in front of it. */
public interface LabelSink {

    /** Saves {@code label}, replacing the same annotator's label on that node and segmenter. */
    void save(RunId run, ProblemId problem, HumanLabel label) throws PersistenceException;

    /** Removes the annotator's label on that node and segmenter (an edit undone back to nothing). */
    void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter) throws PersistenceException;

    static LabelSink of(TraceStore store) {
        return new LabelSink() {
            @Override
            public void save(RunId run, ProblemId problem, HumanLabel label) throws PersistenceException {
                store.saveLabel(run, problem, label);
            }

            @Override
            public void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
                    throws PersistenceException {
                store.deleteLabel(run, problem, parent, annotator, segmenter);
            }
        };
    }
}
