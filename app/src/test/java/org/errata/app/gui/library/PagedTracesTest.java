package org.errata.app.gui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.errata.app.gui.task.ManualTasks;
import org.errata.app.services.TraceListing;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.TraceStatus;
import org.junit.jupiter.api.Test;

/** The paged trace list, with background work that runs only when the test says (as the FX executor defers it). */
class PagedTracesTest {
    private static TraceSummary row(int i) {
        return new TraceSummary(new RunId("r"), ProblemId.of("d", "p" + i), "text " + i, TraceStatus.FINISHED, "1", true, 3,
                new TraceOutcome(1, true, true, null, 0, 0, null));
    }

    /** A listing of {@code n} made-up rows that counts how many rows it was asked for. */
    private static final class Counting implements TraceListing {
        final int n;
        int read;

        Counting(int n) {
            this.n = n;
        }

        @Override public int size() { return n; }

        @Override public List<TraceSummary> rows(int from, int to) {
            List<TraceSummary> out = new ArrayList<>();
            for (int i = from; i < to; i++) out.add(row(i));
            read += out.size();
            return out;
        }
    }

    @Test
    void aRowNotReadYetIsAPlaceholderUntilItsPageArrivesAndOnlyThosePositionsChange() {
        ManualTasks tasks = new ManualTasks();
        List<String> failures = new ArrayList<>();
        PagedTraces list = new PagedTraces(tasks, e -> failures.add(e.getMessage()));
        Counting listing = new Counting(100_000);
        list.show(listing, listing.rows(0, PagedTraces.PAGE));
        assertThat(list).hasSize(100_000);
        assertThat(list.get(0)).isEqualTo(row(0));

        List<String> changes = new ArrayList<>();
        list.addListener((ListChangeListener<TraceSummary>) c -> {
            while (c.next()) changes.add((c.wasReplaced() ? "replaced " : c.wasAdded() ? "added " : "other ") + c.getFrom() + "-" + c.getTo());
        });
        assertThat(list.get(50_123)).isNull();
        assertThat(list.get(50_001)).as("asked once per page").isNull();
        assertThat(tasks.drain()).isEqualTo(1);
        assertThat(changes).containsExactly("replaced 50000-50200");
        assertThat(list.get(50_123)).isEqualTo(row(50_123));
        assertThat(listing.read).isEqualTo(2 * PagedTraces.PAGE);
        assertThat(failures).isEmpty();
    }

    @Test
    void onlyTheLastPagesLookedAtStayInMemory() {
        ManualTasks tasks = new ManualTasks();
        PagedTraces list = new PagedTraces(tasks, e -> {});
        Counting listing = new Counting(100_000);
        list.show(listing, List.of());
        for (int page = 0; page < 400; page++) {
            list.get(page * PagedTraces.PAGE);
            tasks.drain();
        }
        assertThat(list.rowsInMemory()).isEqualTo(PagedTraces.KEPT_PAGES * PagedTraces.PAGE);
        assertThat(list.peek(399 * PagedTraces.PAGE)).isEqualTo(row(399 * PagedTraces.PAGE));
        assertThat(list.peek(0)).as("read first, dropped first").isNull();
    }

    @Test
    void aPageOfAnOlderListingIsDropped() {
        ManualTasks tasks = new ManualTasks();
        PagedTraces list = new PagedTraces(tasks, e -> {});
        list.show(new Counting(10_000), List.of());
        assertThat(list.get(5_000)).isNull();
        int before = list.version();
        Counting fewer = new Counting(300);
        list.show(fewer, List.of());
        assertThat(list.version()).isGreaterThan(before);
        tasks.drain();
        assertThat(list).hasSize(300);
        assertThat(list.rowsInMemory()).isZero();
        assertThat(list.get(250)).isNull();
        tasks.drain();
        assertThat(list.get(250)).isEqualTo(row(250));
    }

    @Test
    void aFailedPageIsReportedAndAskedForAgainLater() {
        ManualTasks tasks = new ManualTasks();
        List<String> failures = new ArrayList<>();
        PagedTraces list = new PagedTraces(tasks, e -> failures.add(e.getMessage()));
        boolean[] fail = {true};
        Counting ok = new Counting(1_000);
        list.show(new TraceListing() {
            @Override public int size() { return 1_000; }
            @Override public List<TraceSummary> rows(int from, int to) {
                if (fail[0]) throw new IllegalStateException("database is locked");
                return ok.rows(from, to);
            }
        }, List.of());
        assertThat(list.get(10)).isNull();
        tasks.drain();
        assertThat(failures).containsExactly("database is locked");
        fail[0] = false;
        assertThat(list.get(10)).isNull();
        tasks.drain();
        assertThat(list.get(10)).isEqualTo(row(10));
    }
}
