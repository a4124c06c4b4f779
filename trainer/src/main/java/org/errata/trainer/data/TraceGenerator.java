package org.errata.trainer.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The training stream: problems from a {@link ProblemGenerator}, a fraction {@code errorRate} of
 * them written first with one injected slip, then verified "No" and corrected; the rest solved
 * right and verified "Yes". A fraction {@code secondSlipRate} of the corrected ones slip again in
 * the second solution, at the corrected step or later, so the model also learns to go on after a
 * second "No". Problems whose expression is in {@code excluded} (the held-out set) are skipped.
 * The same seed gives the same stream.
 */
public final class TraceGenerator {

    private final ProblemGenerator problems;
    private final SplittableRandom random;
    private final double errorRate;
    private final double secondSlipRate;
    private final Set<String> excluded;
    private final FormatMixture mixture;
    private final SplittableRandom formats;
    private final Slips slips;

    public TraceGenerator(long seed, double errorRate, Set<String> excluded) {
        this(seed, errorRate, 0, excluded);
    }

    public TraceGenerator(long seed, double errorRate, double secondSlipRate, Set<String> excluded) {
        this(seed, errorRate, secondSlipRate, FormatMixture.spocOnly(), excluded);
    }

    /**
     * A stream over the formats of {@code mixture}. With SPOC only, {@link #nextExample()} gives
     * exactly the traces {@link #next()} gives: the format draws use a stream of their own.
     */
    public TraceGenerator(long seed, double errorRate, double secondSlipRate, FormatMixture mixture, Set<String> excluded) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be in [0, 1]: " + errorRate);
        }
        if (!(secondSlipRate >= 0 && secondSlipRate <= 1)) {
            throw new IllegalArgumentException("second slip rate must be in [0, 1]: " + secondSlipRate);
        }
        this.secondSlipRate = secondSlipRate;
        SplittableRandom root = new SplittableRandom(seed);
        this.problems = new ProblemGenerator(root.nextLong());
        this.random = root.split();
        this.errorRate = errorRate;
        this.excluded = Set.copyOf(Objects.requireNonNull(excluded));
        this.mixture = Objects.requireNonNull(mixture);
        this.formats = new SplittableRandom(seed ^ 0x3C6EF372FE94F82AL);
        this.slips = new Slips(random, errorRate, secondSlipRate);
    }

    /**
     * The next training examples: one draw from the mixture; a SPOC trace is one example, any
     * other format one example per call the engine made for it that the format trains
     * ({@link DemoFormat#trained}).
     */
    public List<ChatExample> nextExamples() {
        DemoFormat format = mixture.spocOnlyMixture() ? DemoFormat.SPOC : mixture.draw(formats);
        if (format == DemoFormat.SPOC) {
            return List.of(ChatExample.of(next()));
        }
        return format.trained(EngineTranscript.run(format, nextProblem(), slips).examples());
    }

    private ArithmeticProblem nextProblem() {
        while (true) {
            ArithmeticProblem problem = problems.next();
            if (!excluded.contains(problem.expression())) {
                return problem;
            }
        }
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
                    if (secondSlipRate > 0 && random.nextDouble() < secondSlipRate) {
                        Optional<InjectedError> again = secondSlip(problem, error.get().stepIndex());
                        if (again.isPresent()) {
                            return SpocTrace.correctedTwice(problem, error.get(), again.get());
                        }
                    }
                    return SpocTrace.corrected(problem, error.get());
                }
            }
            return SpocTrace.correct(problem);
        }
    }

    /** A slip at the step the first verification named, or a later one. */
    private Optional<InjectedError> secondSlip(ArithmeticProblem problem, int firstStep) {
        int n = problem.steps().size();
        for (int attempt = 0; attempt < 10; attempt++) {
            int step = firstStep + random.nextInt(n - firstStep);
            ErrorKind kind = ErrorKind.values()[random.nextInt(ErrorKind.values().length)];
            Optional<InjectedError> e = ErrorInjector.inject(problem, kind, step, random);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }
}
