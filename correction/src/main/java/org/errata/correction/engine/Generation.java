package org.errata.correction.engine;

import java.util.List;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeStatus;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * What one call produced: the model's id, the exact prompt text it saw and one {@link Sample}
 * per requested node, in order.
 */
public record Generation(String model, String prompt, List<Sample> samples) {

    public Generation {
        samples = List.copyOf(samples);
    }

    public Sample first() {
        return samples.get(0);
    }

    /**
     * One sample's text (cut where the strategy's {@link StreamCut} fired), how it finished and
     * its cost. {@code cut} is true when the strategy ended it; {@code capped} when it stopped at
     * a max-tokens limit lowered by the problem's token budget.
     */
    public record Sample(
            String text,
            FinishReason finish,
            boolean cut,
            boolean capped,
            @Nullable String error,
            List<TokenLogprob> logprobs,
            CallStats stats) {

        public Sample {
            logprobs = List.copyOf(logprobs);
        }

        /** The status the node made from this sample gets. */
        public NodeStatus status() {
            if (cut) return NodeStatus.OK;
            return switch (finish) {
                case STOP -> NodeStatus.OK;
                case LENGTH -> NodeStatus.TRUNCATED;
                case CANCELLED -> NodeStatus.CANCELLED;
                case ERROR -> NodeStatus.FAILED;
            };
        }
    }
}
