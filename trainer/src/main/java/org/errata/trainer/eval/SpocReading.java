package org.errata.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.trainer.data.ArithStep;
import org.errata.trainer.data.Operator;
import org.errata.trainer.data.SpocFormat;

/**
 * Reads a generated SPOC trace back: messages split on blank lines, solutions and verifications
 * alternating; each solution's steps and boxed answer, each verification's verdict and named step.
 */
public final class SpocReading {

    private static final Pattern STEP = Pattern.compile("^Step (\\d+): (\\d+) ([+*-]) (\\d+) = (-?\\d+)$");
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)\\}");
    private static final Pattern FIRST_ERROR = Pattern.compile("The first error is in step (\\d+)\\.");

    /** One solution and the verification that followed it (empty verdict when the text ended first). */
    public record Turn(List<ArithStep> steps, boolean stepsParsed, OptionalLong answer, Verdict verdict, OptionalInt namedStep) {}

    public enum Verdict { YES, NO, NONE }

    private SpocReading() {}

    public static List<Turn> read(String trace, int maxTurns) {
        String[] parts = trace.split("\n\n");
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < parts.length && turns.size() < maxTurns; i += 2) {
            String solution = parts[i];
            String verification = i + 1 < parts.length ? parts[i + 1] : "";
            List<ArithStep> steps = new ArrayList<>();
            boolean parsed = true;
            for (String line : solution.split("\n")) {
                Matcher m = STEP.matcher(line);
                if (m.matches()) {
                    steps.add(new ArithStep(Long.parseLong(m.group(2)), Operator.of(m.group(3).charAt(0)),
                            Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
                } else if (!line.startsWith(SpocFormat.ANSWER_PREFIX)) {
                    parsed = false;
                }
            }
            Matcher b = BOXED.matcher(solution);
            OptionalLong answer = OptionalLong.empty();
            while (b.find()) {
                answer = OptionalLong.of(Long.parseLong(b.group(1)));
            }
            Verdict verdict = verification.contains(SpocFormat.VERDICT_PREFIX + SpocFormat.YES) ? Verdict.YES
                    : verification.contains(SpocFormat.VERDICT_PREFIX + SpocFormat.NO) ? Verdict.NO : Verdict.NONE;
            Matcher f = FIRST_ERROR.matcher(verification);
            OptionalInt named = f.find() ? OptionalInt.of(Integer.parseInt(f.group(1))) : OptionalInt.empty();
            turns.add(new Turn(steps, parsed, answer, verdict, named));
            if (verdict != Verdict.NO) {
                break;
            }
        }
        return turns;
    }
}
