package org.errata.app.annotate;

import org.errata.app.services.LibraryService;
import org.errata.app.services.ServiceException;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceStore;

/** Where the session keeps each label version: the store, or a writer thread in front of it. */
public interface LabelSink {

    /** Saves {@code label}, replacing the same annotator's label on that node and segmenter. */
    void save(RunId run, ProblemId problem, HumanLabel label) throws ServiceException;

    /** Removes the annotator's label on that node and segmenter (an edit undone back to nothing). */
    void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter) throws ServiceException;

    /** Labels saved through the workbench's library. */
    static LabelSink of(LibraryService library) {
        return new LabelSink() {
            @Override
            public void save(RunId run, ProblemId problem, HumanLabel label) throws ServiceException {
                library.saveLabel(run, problem, label);
            }

            @Override
            public void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
                    throws ServiceException {
                library.deleteLabel(run, problem, parent, annotator, segmenter);
            }
        };
    }

    /** Labels saved straight into a store (the command line). */
    static LabelSink of(TraceStore store) {
        return new LabelSink() {
            @Override
            public void save(RunId run, ProblemId problem, HumanLabel label) throws ServiceException {
                try {
                    store.saveLabel(run, problem, label);
                } catch (PersistenceException e) {
                    throw new ServiceException(e.getMessage(), e);
                }
            }

            @Override
            public void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
                    throws ServiceException {
                try {
                    store.deleteLabel(run, problem, parent, annotator, segmenter);
                } catch (PersistenceException e) {
                    throw new ServiceException(e.getMessage(), e);
                }
            }
        };
    }
}
