package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.runtime.api.TokenLogprob;
import org.junit.jupiter.api.Test;

class HeatTest {

    @Test
    void bucketsFollowProbability() {
        assertThat(Heat.bucket(Math.log(0.99))).isZero();
        assertThat(Heat.bucket(Math.log(0.8))).isEqualTo(1);
        assertThat(Heat.bucket(Math.log(0.5))).isEqualTo(2);
        assertThat(Heat.bucket(Math.log(0.2))).isEqualTo(3);
        assertThat(Heat.bucket(Math.log(0.01))).isEqualTo(4);
        assertThat(Heat.bucket(Double.NEGATIVE_INFINITY)).isEqualTo(4);
        assertThat(Heat.styleClass(Math.log(0.5))).isEqualTo("heat-2");
    }

    @Test
    void describeListsTheAlternatives() {
        TokenLogprob t = new TokenLogprob(" 62", Math.log(0.25), List.of(
                new TokenLogprob.Alternative(" 72", Math.log(0.6)), new TokenLogprob.Alternative(" 62", Math.log(0.25))));
        String text = Heat.describe(t);
        assertThat(text).startsWith("' 62'  p=0.250");
        assertThat(text).contains("' 72'").contains("0.600");
        assertThat(text.lines()).hasSize(3);
    }
}
