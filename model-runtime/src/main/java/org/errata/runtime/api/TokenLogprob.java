package org.errata.runtime.api;

import java.util.List;

/** The log-probability of one emitted token and, when asked for, its most likely alternatives. */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {

    public record Alternative(String token, double logprob) {}

    public TokenLogprob {
        top = List.copyOf(top);
    }
}
