package org.errata.app.gui.library;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.collections.ObservableListBase;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.TraceListing;
import org.errata.correction.metrics.TraceSummary;
import org.jspecify.annotations.Nullable;

/**
 * The trace list as the list view sees it: as long as the listing, but holding only the pages
 * that were looked at (at most {@link #KEPT_PAGES} of {@link #PAGE} rows, the least recently
 * read dropped first). {@link #get} of a row not yet read gives {@code null} (the view draws a
 * placeholder) and asks for its page off the UI thread; when the page arrives its rows are
 * announced as replaced, so only those cells draw again. A new listing replaces the whole list.
 */
public final class PagedTraces extends ObservableListBase<@Nullable TraceSummary> {
    public static final int PAGE = 200;
    static final int KEPT_PAGES = 50;

    /** Where a failure to read a page goes. */
    @FunctionalInterface
    interface Failure {
        void failed(Exception e);
    }

    private final TaskExecutor tasks;
    private final Failure failure;
    private TraceListing listing = TraceListing.of(List.of());
    private int version;
    private final Map<Integer, List<TraceSummary>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Integer, List<TraceSummary>> eldest) {
            return size() > KEPT_PAGES;
        }
    };
    private final Set<Integer> requested = new HashSet<>();
    private int reading; // > 0 while get() runs: a page that arrives inside it (same-thread executor) is not announced

    PagedTraces(TaskExecutor tasks, Failure failure) {
        this.tasks = tasks;
        this.failure = failure;
    }

    /** Shows {@code next} in place of the current listing, with its first page already read (may be empty). */
    void show(TraceListing next, List<TraceSummary> firstPage) {
        int old = size();
        List<@Nullable TraceSummary> removed = old == 0 ? List.of() : Collections.nCopies(old, null);
        listing = next;
        version++;
        pages.clear();
        requested.clear();
        if (!firstPage.isEmpty()) pages.put(0, List.copyOf(firstPage));
        if (old == 0 && next.size() == 0) return;
        beginChange();
        if (old > 0) nextRemove(0, removed);
        if (next.size() > 0) nextAdd(0, next.size());
        endChange();
    }

    /** Counts the listings shown: a row read under one version belongs to that listing. */
    public int version() {
        return version;
    }

    /** The listing now shown. */
    public TraceListing listing() {
        return listing;
    }

    /** The row at {@code index} if its page is in memory, without asking for it. */
    public @Nullable TraceSummary peek(int index) {
        List<TraceSummary> page = pages.get(index / PAGE);
        int at = index % PAGE;
        return page == null || at >= page.size() ? null : page.get(at);
    }

    /** How many rows are in memory now. */
    public int rowsInMemory() {
        return pages.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public @Nullable TraceSummary get(int index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException(index + " of " + size());
        if (pages.containsKey(index / PAGE)) return peek(index);
        reading++;
        try {
            request(index / PAGE);
        } finally {
            reading--;
        }
        return peek(index);
    }

    @Override
    public int size() {
        return listing.size();
    }

    private void request(int page) {
        if (!requested.add(page)) return;
        TraceListing from = listing;
        int start = page * PAGE;
        int end = Math.min(from.size(), start + PAGE);
        tasks.execute(() -> from.rows(start, end), rows -> arrived(from, page, start, end, rows), e -> {
            if (from == listing) requested.remove(page);
            failure.failed(e);
        });
    }

    private void arrived(TraceListing from, int page, int start, int end, List<TraceSummary> rows) {
        if (from != listing) return;
        requested.remove(page);
        pages.put(page, List.copyOf(rows));
        if (reading > 0) return;
        int to = Math.min(end, start + rows.size());
        if (to <= start) return;
        List<@Nullable TraceSummary> before = new ArrayList<>(Collections.nCopies(to - start, null));
        beginChange();
        nextReplace(start, to, before);
        endChange();
    }
}
