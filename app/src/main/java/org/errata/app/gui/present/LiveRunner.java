package org.errata.app.gui.present;

import org.errata.app.services.RunHandle;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopListener;

/** Starts a self-correction run on a problem typed on the spot; events reach the listener on the run's threads. */
@FunctionalInterface
public interface LiveRunner {
    RunHandle start(String problemText, LoopListener listener) throws ServiceException;
}
