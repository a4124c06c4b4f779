package org.errata.app.annotate;

import org.errata.app.services.LibraryService;
import org.errata.app.services.ServiceException;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;

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
}
