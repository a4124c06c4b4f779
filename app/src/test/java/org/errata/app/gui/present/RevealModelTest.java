package org.errata.app.gui.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.app.export.TraceCard;
import org.junit.jupiter.api.Test;

class RevealModelTest {
    static TraceCard card(int n) {
        List<TraceCard.Block> blocks = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new TraceCard.Block(TraceCard.Kind.STEP, "Step " + (i + 1), "s" + i, false, null)).toList();
        return new TraceCard("t", "", "q", blocks);
    }

    @Test
    void revealsOneAtATimeAndKeepsTheFirst() {
        RevealModel r = new RevealModel(card(3));
        assertThat(r.shown()).isEqualTo(1);
        assertThat(r.previous()).isFalse();
        assertThat(r.next()).isTrue();
        assertThat(r.next()).isTrue();
        assertThat(r.next()).isFalse();
        assertThat(r.visible()).extracting(TraceCard.Block::text).containsExactly("s0", "s1", "s2");
        assertThat(r.previous()).isTrue();
        assertThat(r.shown()).isEqualTo(2);
    }

    @Test
    void aGrowingLiveCardShowsTheNewestWhenFollowing() {
        RevealModel r = new RevealModel(card(1));
        r.update(card(4), true);
        assertThat(r.shown()).isEqualTo(4);
        r.previous();
        r.update(card(2), false);
        assertThat(r.shown()).isEqualTo(2);
    }
}
