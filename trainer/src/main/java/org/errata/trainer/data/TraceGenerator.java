package org.errata.trainer.data;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The training stream: problems from a {@link ProblemGenerator}, a fraction {@code errorRate} of
 * them written first with one injected slip, then verified "No" and corrected; the rest solved
 * right and verified "Yes". Problems whose expression is in {@code excluded} (the held-out set)
 * are skipped. The same seed gives the same stream.
 */
public final class TraceGenerator {

    private final ProblemGenerator problems;
    private final SplittableRandom random;
    private final double errorRate;
    private final Set<String> excluded;

    public TraceGenerator(long seed, double errorRate, Set<String> excluded) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be in [0, 1]: " + errorRate);
        }
        SplittableRandom root = new SplittableRandom(seed);
        this.problems = new ProblemGenerator(root.nextLong());
        this.random = root.split();
        this.errorRate = errorRate;
        this.excluded = Set.copyOf(Objects.requireNonNull(excluded));
    }

    public SpocTrace next() {
        while (true) {
            ArithmeticProblem problem = problems.next();
            if (excluded.contains(problem.expression())) {
                continue;
            }
            if (random.nextDouble() < errorRate) {
                Optional<InjectedError> error = ErrorInjector.inject(problem, random);
                if (error.isPresent()) {
                    return SpocTrace.corrected(problem, error.get());
                }
            }
            return SpocTrace.correct(problem);
        }
    }
}
