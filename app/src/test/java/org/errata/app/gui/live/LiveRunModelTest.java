package org.errata.app.gui.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.errata.app.gui.task.ManualFrames;
import org.errata.app.gui.tree.Badge;
import org.errata.app.gui.tree.Fixtures;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.junit.jupiter.api.Test;

class LiveRunModelTest {
    private final ManualFrames frames = new ManualFrames();
    private final AtomicLong now = new AtomicLong();
    private final LiveRunModel live = new LiveRunModel(frames, now::get, id -> Fixtures.PROBLEM);

    private void stream(Trace t) {
        live.on(new LoopEvent.TraceStarted(t.run(), t.problem()));
        for (TraceNode n : t.nodes()) {
            if (n instanceof Attempt a) {
                live.on(new LoopEvent.NodeStarted(t.run(), t.problem(), a.id(), a.parent(), "attempt", "Attempt " + a.turn()));
                for (char c : a.text().toCharArray()) live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), String.valueOf(c)));
            }
            live.on(new LoopEvent.NodeAdded(t.run(), t.problem(), n));
        }
        live.on(new LoopEvent.TraceFinished(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct()));
    }

    @Test
    void eventsFromAWorkerBecomeOneUiUpdateAndTheSameTreeAsTheStoredTrace() throws InterruptedException {
        live.begin(1, false);
        Trace t = Fixtures.corrected();
        Thread worker = new Thread(() -> stream(t));
        worker.start();
        worker.join();
        assertThat(frames.requests()).isEqualTo(1);
        assertThat(live.currentProperty().get()).isNull();
        frames.frame();
        assertThat(live.batchesProperty().get()).isEqualTo(1);
        TraceTreeModel tree = live.currentProperty().get();
        assertThat(tree).isNotNull();
        TraceTreeModel stored = TraceTreeModel.of(t, Fixtures.PROBLEM, false);
        assertThat(shape(tree.root())).isEqualTo(shape(stored.root()));
        assertThat(tree.root().children().get(0).children().get(1).badges()).contains(Badge.FIRST_ERROR);
        assertThat(live.doneProperty().get()).isEqualTo(1);
        assertThat(live.accuracy()).isEqualTo(1.0);
        int chars = t.attempts().stream().mapToInt(a -> a.text().length()).sum();
        assertThat(live.tokensProperty().get()).isEqualTo(chars);
    }

    private static String shape(TraceNodeItem item) {
        StringBuilder b = new StringBuilder(item.kind() + item.title() + item.badges());
        for (TraceNodeItem c : item.children()) b.append('(').append(shape(c)).append(')');
        return b.toString();
    }

    @Test
    void aStreamingNodeGrowsOncePerFrameAndIsReplacedByTheFinalNode() {
        live.begin(1, false);
        Trace t = Fixtures.clean();
        Attempt a = t.attempts().get(0);
        live.on(new LoopEvent.TraceStarted(t.run(), t.problem()));
        live.on(new LoopEvent.NodeStarted(t.run(), t.problem(), a.id(), null, "attempt", "Attempt 1"));
        live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), "2 + 3"));
        live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), " + 4"));
        frames.frame();
        TraceNodeItem item = live.currentProperty().get().root().children().get(0);
        assertThat(item.streamedText()).isEqualTo("2 + 3 + 4");
        assertThat(item.badges()).contains(Badge.STREAMING);
        assertThat(item.node()).isNull();
        assertThat(live.currentProperty().get().streamingNowProperty().get()).isSameAs(item);
        assertThat(item.isExpanded()).isTrue();
        int[] changes = {0};
        item.streamedTextProperty().addListener(o -> changes[0]++);
        live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), " ="));
        live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), " 9"));
        live.on(new LoopEvent.TokenDelta(t.run(), t.problem(), a.id(), "."));
        frames.frame();
        assertThat(item.streamedText()).isEqualTo("2 + 3 + 4 = 9.");
        assertThat(changes[0]).as("one text change for three deltas").isEqualTo(1);
        live.on(new LoopEvent.NodeAdded(t.run(), t.problem(), a));
        frames.frame();
        assertThat(live.currentProperty().get().root().children()).containsExactly(item);
        assertThat(item.node()).isEqualTo(a);
        assertThat(item.badges()).doesNotContain(Badge.STREAMING).contains(Badge.ANSWER_RIGHT);
    }

    @Test
    void progressRatesAndEta() {
        live.begin(4, false);
        now.set(Duration.ofSeconds(10).toNanos());
        assertThat(live.eta()).isNull();
        assertThat(Double.isNaN(live.accuracy())).isTrue();
        stream(Fixtures.missed());
        frames.frame();
        assertThat(live.doneProperty().get()).isEqualTo(1);
        assertThat(live.accuracy()).isZero();
        assertThat(live.eta()).isEqualTo(Duration.ofSeconds(30));
        assertThat(live.tokensPerSecond()).isEqualTo(Fixtures.missed().attempts().get(0).text().length() / 10.0);
        live.on(new LoopEvent.RunEnded(Fixtures.RUN, RunOutcome.CANCELLED, null));
        frames.frame();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.STOPPED);
    }
}
