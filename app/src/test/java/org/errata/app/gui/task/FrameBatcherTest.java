package org.errata.app.gui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    @Test
    void manyItemsFromTwoThreadsCostOneScheduledFlushAndArriveInOrder() throws InterruptedException {
        ManualFrames frames = new ManualFrames();
        List<List<Integer>> batches = new ArrayList<>();
        FrameBatcher<Integer> batcher = new FrameBatcher<>(frames, batches::add);
        CountDownLatch done = new CountDownLatch(2);
        for (int t = 0; t < 2; t++) {
            int base = t * 100_000;
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) batcher.offer(base + i);
                done.countDown();
            });
            producer.start();
        }
        done.await();
        assertThat(frames.requests()).isEqualTo(1);
        frames.frame();
        assertThat(batches).hasSize(1);
        List<Integer> all = batches.get(0);
        assertThat(all).hasSize(20_000);
        assertThat(all.stream().filter(i -> i < 100_000).toList()).isSorted();
        assertThat(all.stream().filter(i -> i >= 100_000).toList()).isSorted();
    }

    @Test
    void itemsAfterAFlushScheduleTheNextFrame() {
        ManualFrames frames = new ManualFrames();
        List<List<String>> batches = new ArrayList<>();
        FrameBatcher<String> batcher = new FrameBatcher<>(frames, batches::add);
        batcher.offer("a");
        batcher.offer("b");
        frames.frame();
        batcher.offer("c");
        assertThat(frames.requests()).isEqualTo(2);
        frames.frame();
        assertThat(batches).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void aFlushWithNothingQueuedCallsNoSink() {
        List<List<String>> batches = new ArrayList<>();
        FrameBatcher<String> batcher = new FrameBatcher<>(new ManualFrames(), batches::add);
        batcher.flush();
        assertThat(batches).isEmpty();
    }
}
