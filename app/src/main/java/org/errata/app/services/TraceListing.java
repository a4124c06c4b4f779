package org.errata.app.services;

import java.util.List;
import org.errata.correction.metrics.TraceSummary;

/**
 * A run's traces under one filter, in its order: how many there are, known at once, and any
 * stretch of their rows, read when asked for. A list of 100,000 traces holds only the rows on
 * screen; the listing itself holds at most a key per trace.
 */
public interface TraceListing {
    /** How many traces passed the filter when the listing was made. */
    int size();

    /**
     * The rows {@code from} (inclusive) to {@code to} (exclusive); blocks (a query), so call it
     * off the FX thread. Fewer rows when traces were removed since the listing was made.
     */
    List<TraceSummary> rows(int from, int to) throws ServiceException;

    /** A listing of rows already in memory. */
    static TraceListing of(List<TraceSummary> all) {
        List<TraceSummary> rows = List.copyOf(all);
        return new TraceListing() {
            @Override public int size() { return rows.size(); }
            @Override public List<TraceSummary> rows(int from, int to) {
                return rows.subList(Math.min(from, rows.size()), Math.min(to, rows.size()));
            }
        };
    }
}
