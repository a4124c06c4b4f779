package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Where the demo formats' attempts slip: a first attempt carries one injected slip with
 * probability {@code errorRate}; a correction slips again, at the step named wrong or later,
 * with probability {@code secondSlipRate}. Each format asks for the attempts its dynamics need;
 * the same random stream gives the same slips.
 */
public final class Slips {

    private final SplittableRandom random;
    private final double errorRate;
    private final double secondSlipRate;

    public Slips(SplittableRandom random, double errorRate, double secondSlipRate) {
        this.random = random;
        this.errorRate = errorRate;
        this.secondSlipRate = secondSlipRate;
    }

    /** A first attempt: the written steps, with one slip or none. */
    public List<ArithStep> first(ArithmeticProblem problem) {
        return first(problem, 1.0);
    }

    /** A first attempt that slips at {@code share} of the usual rate. */
    public List<ArithStep> first(ArithmeticProblem problem, double share) {
        if (random.nextDouble() < errorRate * share) {
            Optional<InjectedError> e = ErrorInjector.inject(problem, random);
            if (e.isPresent()) {
                return e.get().writtenSteps();
            }
        }
        return problem.steps();
    }

    /**
     * Attempts until one is right, at most {@code max} (the last always right): the first may slip,
     * each correction after a wrong one slips again with the second-slip rate, at the step the
     * check named or later.
     */
    public List<List<ArithStep>> tries(ArithmeticProblem problem, int max) {
        List<List<ArithStep>> out = new ArrayList<>();
        out.add(first(problem));
        while (!out.get(out.size() - 1).equals(problem.steps()) && out.size() < max) {
            int named = ErrorInjector.firstDifference(problem.steps(), out.get(out.size() - 1));
            Optional<InjectedError> again = out.size() < max - 1 && random.nextDouble() < secondSlipRate
                    ? again(problem, named) : Optional.empty();
            out.add(again.map(InjectedError::writtenSteps).orElse(problem.steps()));
        }
        if (!out.get(out.size() - 1).equals(problem.steps())) {
            out.set(out.size() - 1, problem.steps());
        }
        return out;
    }

    /** A slip at {@code fromStep} or a later step, or empty when none of a few tries makes one. */
    Optional<InjectedError> again(ArithmeticProblem problem, int fromStep) {
        int n = problem.steps().size();
        for (int attempt = 0; attempt < 10; attempt++) {
            int step = fromStep + random.nextInt(n - fromStep);
            ErrorKind kind = ErrorKind.values()[random.nextInt(ErrorKind.values().length)];
            Optional<InjectedError> e = ErrorInjector.inject(problem, kind, step, random);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }
}
