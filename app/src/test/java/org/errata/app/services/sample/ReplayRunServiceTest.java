package org.errata.app.services.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.errata.app.services.ModelSource;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.Trace;
import org.errata.correction.metrics.TraceFilter;
import org.junit.jupiter.api.Test;

class ReplayRunServiceTest {
    private final InMemoryLibrary library = InMemoryLibrary.withSample();
    private final ReplayRunService service = new ReplayRunService(library, SampleLibrary.RUN, 0, Clock.systemUTC());

    private static RunRequest request(ModelSource model, int limit) {
        return new RunRequest(model, "self-refine", null, Map.of("max_turns", 2), SampleLibrary.DATASET, 0, limit, null);
    }

    @Test
    void aDemoRunStreamsEveryNodeAndTheLibraryRecordsIt() throws Exception {
        List<LoopEvent> events = new CopyOnWriteArrayList<>();
        RunHandle h = service.start(request(new ModelSource.BundledDemo(), 2), LoopListener.all(library, events::add));
        assertThat(h.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(RunOutcome.FINISHED);
        assertThat(h.problems()).isEqualTo(2);
        assertThat(events.get(0)).isInstanceOf(LoopEvent.RunStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(LoopEvent.RunEnded.class);
        assertThat(events.stream().filter(e -> e instanceof LoopEvent.TraceFinished)).hasSize(2);
        Trace recorded = SampleLibrary.traces().get(0);
        String replayId = h.run().value() + ":" + recorded.attempts().get(0).id().value();
        String streamed = events.stream()
                .filter(e -> e instanceof LoopEvent.TokenDelta d && d.node().value().equals(replayId))
                .map(e -> ((LoopEvent.TokenDelta) e).text()).reduce("", String::concat);
        assertThat(streamed).isEqualTo(recorded.attempts().get(0).text());

        var run = library.runs().stream().filter(r -> r.id().equals(h.run())).findFirst().orElseThrow();
        assertThat(run.parameters()).containsEntry("max_turns", 2);
        assertThat(library.traces(h.run(), TraceFilter.ALL, 0, 10).items()).hasSize(2);
        var replayed = library.loadTrace(h.run(), recorded.problem()).orElseThrow().nodes();
        assertThat(replayed).extracting(n -> n.nodeKind()).isEqualTo(recorded.nodes().stream().map(n -> n.nodeKind()).toList());
        assertThat(replayed).allMatch(n -> n.id().value().startsWith(h.run().value() + ":"));
        assertThat(replayed.get(1).parent()).isEqualTo(replayed.get(0).id());
    }

    @Test
    void cancellingStopsBetweenTokens() throws Exception {
        List<LoopEvent> events = new CopyOnWriteArrayList<>();
        RunHandle[] handle = new RunHandle[1];
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        handle[0] = service.start(request(new ModelSource.BundledDemo(), 4), e -> {
            events.add(e);
            if (e instanceof LoopEvent.TokenDelta) {
                try {
                    started.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                handle[0].cancel();
            }
        });
        started.countDown();
        assertThat(handle[0].outcome().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(RunOutcome.CANCELLED);
        assertThat(events.stream().filter(e -> e instanceof LoopEvent.TraceFinished)).isEmpty();
        assertThat(events.stream().filter(e -> e instanceof LoopEvent.TokenDelta)).hasSize(1);
    }

    @Test
    void otherModelSourcesNeedTheEngine() {
        assertThatThrownBy(() -> service.start(request(new ModelSource.LocalFolder(Path.of("/models/x")), 1), e -> { }))
                .isInstanceOf(ServiceException.class).hasMessageContaining("model folder");
    }
}
