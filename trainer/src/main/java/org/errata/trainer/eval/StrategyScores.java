package org.errata.trainer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.engine.LoopOutcome;
import org.errata.correction.parse.HierarchicalThought;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.trainer.data.ArithStep;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.ErrorInjector;
import org.errata.trainer.data.Operator;
import org.jspecify.annotations.Nullable;

/**
 * The figures for one strategy, from the traces the engine made on demo problems (whose
 * true steps are known): first and final accuracy and Δ(c→i); the self-verifier's accuracy on the
 * attempts it judged; GSR's maj@N over its candidates and refine@N; the critic's ProcessBench F1
 * on its own first solutions (label: the first wrong step of the solution, 0-based, -1 if none);
 * the SuperCorrect teacher's share of wrong student attempts whose first wrong step it named.
 * A figure a strategy does not have is null.
 */
public record StrategyScores(String strategy, int problems, double first, double fin, double correctToIncorrect,
        @Nullable Double verifier, @Nullable Double unparsed, @Nullable Double majority, @Nullable Double refine,
        @Nullable Double criticF1, @Nullable Double teacherLocated, int wrongStudents) {

    private static final Pattern STEP = Pattern.compile("(\\d+) ([+*-]) (\\d+) = (-?\\d+)");

    /** One problem's run: its true steps, its trace and how its loop ended. */
    public record Run(ArithmeticProblem problem, Trace trace, LoopOutcome outcome) {
        public Run {
            Objects.requireNonNull(problem);
            Objects.requireNonNull(trace);
            Objects.requireNonNull(outcome);
        }
    }

    public static StrategyScores of(DemoFormat format, List<Run> runs) {
        int n = runs.size();
        int first = 0, fin = 0, cToI = 0, judged = 0, judgedRight = 0, unparsed = 0, maj = 0, refined = 0;
        int errSamples = 0, errHit = 0, corSamples = 0, corHit = 0, wrongStudents = 0, located = 0;
        for (Run r : runs) {
            List<Attempt> attempts = r.trace().attempts().stream().sorted(Comparator.comparingInt(Attempt::seq)).toList();
            List<Attempt> candidates = attempts.stream().filter(a -> a.role() == AttemptRole.CANDIDATE).toList();
            List<Attempt> own = attempts.stream().filter(a -> a.role() != AttemptRole.CANDIDATE).toList();
            boolean firstRight = format == DemoFormat.GSR ? plurality(candidates, r.problem())
                    : !own.isEmpty() && Boolean.TRUE.equals(own.get(0).correct());
            boolean finalRight = Boolean.TRUE.equals(r.outcome().correct());
            first += firstRight ? 1 : 0;
            fin += finalRight ? 1 : 0;
            cToI += firstRight && !finalRight ? 1 : 0;
            Map<Object, Attempt> byId = new LinkedHashMap<>();
            attempts.forEach(a -> byId.put(a.id(), a));
            List<Verification> verifications = r.trace().nodes(Verification.class)
                    .sorted(Comparator.comparingInt(TraceNode::seq)).toList();
            for (Verification v : verifications) {
                Attempt target = byId.get(v.parent());
                if (v.role() != VerifierRole.SELF || target == null || format == DemoFormat.SUPERCORRECT) {
                    continue;
                }
                judged++;
                if (v.verdict() == Verdict.UNPARSED) {
                    unparsed++;
                } else if ((v.verdict() == Verdict.CORRECT) == Boolean.TRUE.equals(target.correct())) {
                    judgedRight++;
                }
            }
            if (format == DemoFormat.GSR) {
                maj += firstRight ? 1 : 0;
                refined += r.trace().nodes(Aggregate.class).anyMatch(g -> Boolean.TRUE.equals(g.correct())) ? 1 : 0;
            }
            if (format == DemoFormat.CRITIC && !own.isEmpty()) {
                int label = label(chatSteps(own.get(0).text()), r.problem());
                Integer predicted = verifications.stream().filter(v -> v.role() == VerifierRole.CRITIC).findFirst()
                        .map(Verification::predictedFirstError).orElse(null);
                int p = predicted == null ? Integer.MIN_VALUE : predicted;
                if (label >= 0) {
                    errSamples++;
                    errHit += p == label ? 1 : 0;
                } else {
                    corSamples++;
                    corHit += p == -1 ? 1 : 0;
                }
            }
            if (format == DemoFormat.SUPERCORRECT && !own.isEmpty() && Boolean.FALSE.equals(own.get(0).correct())) {
                wrongStudents++;
                int truth = label(htSteps(own.get(0).text()), r.problem());
                Integer named = verifications.stream().filter(v -> v.role() == VerifierRole.TEACHER).findFirst()
                        .map(Verification::predictedFirstError).orElse(null);
                located += named != null && named == truth ? 1 : 0;
            }
        }
        boolean verifies = judged > 0;
        Double f1 = null;
        if (format == DemoFormat.CRITIC) {
            double accErr = errSamples == 0 ? 0 : errHit / (double) errSamples;
            double accCor = corSamples == 0 ? 0 : corHit / (double) corSamples;
            f1 = accErr + accCor == 0 ? 0 : 2 * accErr * accCor / (accErr + accCor);
        }
        double d = Math.max(1, n);
        return new StrategyScores(format.recipe(), n, first / d, fin / d, cToI / d,
                verifies ? judgedRight / (double) judged : null, verifies ? unparsed / (double) judged : null,
                format == DemoFormat.GSR ? maj / d : null, format == DemoFormat.GSR ? refined / d : null, f1,
                format == DemoFormat.SUPERCORRECT ? located / (double) Math.max(1, wrongStudents) : null, wrongStudents);
    }

    /** Whether the most frequent answer among the candidates (the earliest of tied ones) is right. */
    static boolean plurality(List<Attempt> candidates, ArithmeticProblem p) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (Attempt a : candidates) {
            if (a.finalAnswer() != null) {
                votes.merge(a.finalAnswer(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Comparator.comparingInt(Map.Entry::getValue))
                .map(e -> e.getKey().equals(Long.toString(p.answer()))).orElse(false);
    }

    /** The first wrong step (0-based) of written steps, -1 when all are right; a missing step counts as wrong. */
    static int label(List<ArithStep> written, ArithmeticProblem p) {
        return ErrorInjector.firstDifference(p.steps(), written);
    }

    /** The {@code Step k: a op b = c} paragraphs of a chat solution. */
    static List<ArithStep> chatSteps(String text) {
        List<ArithStep> out = new ArrayList<>();
        for (String paragraph : text.split("\n\n")) {
            if (paragraph.startsWith("Step ")) {
                step(paragraph).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The steps of a hierarchical-thought solution. */
    static List<ArithStep> htSteps(String text) {
        List<ArithStep> out = new ArrayList<>();
        for (HierarchicalThought.Step s : HierarchicalThought.parse(text).steps()) {
            step(s.span().text(text)).ifPresent(out::add);
        }
        return out;
    }

    private static java.util.Optional<ArithStep> step(String text) {
        Matcher m = STEP.matcher(text);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ArithStep(Long.parseLong(m.group(1)), Operator.of(m.group(2).charAt(0)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }

    /** The table: one row per strategy, the targets as columns ("-": not a figure of that strategy). */
    public static String table(List<StrategyScores> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| strategy | problems | first | final | Δ | c→i | verifier | unparsed | maj@N | refine@N | critic F1 | teacher located |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StrategyScores s : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %+.1f | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.strategy(), s.problems(), pct(s.first()), pct(s.fin()), 100 * (s.fin() - s.first()),
                    pct(s.correctToIncorrect()), pct(s.verifier()), pct(s.unparsed()), pct(s.majority()), pct(s.refine()),
                    s.criticF1() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.criticF1()),
                    s.teacherLocated() == null ? "-" : pct(s.teacherLocated()) + " of " + s.wrongStudents()));
        }
        return b.toString();
    }

    private static String pct(@Nullable Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
