package org.errata.app.services;

import java.util.List;
import org.errata.correction.engine.LoopListener;

/**
 * Starts self-correction runs. Events reach {@code listener} on the run's own threads, in order
 * per problem; the listener must hand them on quickly (the GUI batches them per frame).
 */
public interface RunService {

    /** Strategy names the launcher offers, e.g. "self-refine". */
    List<String> strategies();

    /** Whether a strategy stops on the gold answer (and so must carry the "uses gold" badge). */
    boolean usesGold(String strategy);

    RunHandle start(RunRequest request, LoopListener listener) throws ServiceException;
}
