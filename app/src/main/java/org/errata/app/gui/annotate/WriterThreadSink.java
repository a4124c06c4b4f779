package org.errata.app.gui.annotate;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.errata.app.annotate.LabelSink;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.app.services.ServiceException;

/**
 * Keeps label writes off the UI thread: each save goes, in order, to one writer thread in front
 * of the store. A failure reaches {@code onFailure} (on the writer thread). {@link #close()}
 * waits until every queued label is written.
 */
public final class WriterThreadSink implements LabelSink, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WriterThreadSink.class.getName());

    private final LabelSink store;
    private final Consumer<String> onFailure;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "errata-label-writer");
        t.setDaemon(true);
        return t;
    });

    public WriterThreadSink(LabelSink store, Consumer<String> onFailure) {
        this.store = store;
        this.onFailure = onFailure;
    }

    @Override
    public void save(RunId run, ProblemId problem, HumanLabel label) {
        writer.execute(() -> {
            try {
                store.save(run, problem, label);
            } catch (ServiceException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not save a label: " + e.getMessage(), e);
                onFailure.accept("The label was not saved: " + e.getMessage());
            }
        });
    }

    @Override
    public void delete(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter) {
        writer.execute(() -> {
            try {
                store.delete(run, problem, parent, annotator, segmenter);
            } catch (ServiceException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove a label: " + e.getMessage(), e);
                onFailure.accept("The label was not removed: " + e.getMessage());
            }
        });
    }

    /** Waits (up to a minute) for queued writes; a still-running write is reported, not dropped silently. */
    @Override
    public void close() throws ServiceException {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new ServiceException("label writes did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted while finishing label writes", e);
        }
    }
}
