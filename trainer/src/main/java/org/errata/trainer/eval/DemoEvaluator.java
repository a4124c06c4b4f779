package org.errata.trainer.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.ErrorInjector;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;

/**
 * Samples the demo model, through the runtime's {@link LanguageModel}, on problems the SPOC way (one assistant message, solutions and
 * verifications interleaved, at most {@code maxTurns} solutions) and scores it: first-attempt and
 * final accuracy, Δ(i→c) and Δ(c→i), verifier accuracy on its own attempts, and on wrong attempts
 * the share whose first wrong step the verifier named.
 */
public final class DemoEvaluator {

    /** The figures of one evaluation; fractions in [0, 1]. */
    public record Report(int problems, double firstAccuracy, double finalAccuracy, double deltaIncorrectToCorrect,
            double deltaCorrectToIncorrect, int verifications, double verifierAccuracy, double unparsedVerdicts,
            int wrongAttempts, double firstErrorStepAccuracy, double meanTurns) {

        public String describe() {
            return String.format(Locale.ROOT,
                    "problems %d%nfirst-attempt accuracy %.1f%%%nfinal accuracy %.1f%%%nΔ %.1f points (Δi→c %.1f%%, Δc→i %.1f%%)%n"
                            + "verifier accuracy on own attempts %.1f%% of %d (unparsed %.1f%%)%n"
                            + "first-error-step accuracy on wrong attempts %.1f%% of %d%nmean turns %.2f",
                    problems, 100 * firstAccuracy, 100 * finalAccuracy, 100 * (finalAccuracy - firstAccuracy),
                    100 * deltaIncorrectToCorrect, 100 * deltaCorrectToIncorrect, 100 * verifierAccuracy, verifications,
                    100 * unparsedVerdicts, 100 * firstErrorStepAccuracy, wrongAttempts, meanTurns);
        }
    }

    private DemoEvaluator() {}

    /** The request for one problem: the question as the user message, sampled at {@code temperature}. */
    public static GenerationRequest request(ArithmeticProblem p, double temperature, long seed) {
        return GenerationRequest.of(Prompt.chat(ChatMessage.user(p.question())),
                SamplingConfig.temperature(temperature, seed), 400);
    }

    public static Report evaluate(LanguageModel model, List<ArithmeticProblem> problems, double temperature, long seed,
            int maxTurns, int batch, PrintStream log) throws ModelException {
        List<String> outputs = new ArrayList<>();
        for (int from = 0; from < problems.size(); from += batch) {
            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = from; i < Math.min(problems.size(), from + batch); i++) {
                requests.add(request(problems.get(i), temperature, seed + i));
            }
            for (GenerationResult r : model.generateBatch(requests, TokenListener.NONE, Cancellation.none())) {
                outputs.add(r.completions().get(0).text());
            }
            log.printf("sampled %d/%d%n", outputs.size(), problems.size());
            log.flush();
        }
        return score(problems, outputs, maxTurns);
    }

    public static Report score(List<ArithmeticProblem> problems, List<String> outputs, int maxTurns) {
        int firstRight = 0, finalRight = 0, iToC = 0, cToI = 0, verifications = 0, verifierRight = 0, unparsed = 0;
        int wrong = 0, located = 0, turnsTotal = 0;
        for (int i = 0; i < problems.size(); i++) {
            ArithmeticProblem p = problems.get(i);
            List<SpocReading.Turn> turns = SpocReading.read(outputs.get(i), maxTurns);
            turnsTotal += turns.size();
            boolean first = correct(turns.get(0), p);
            boolean last = correct(turns.get(turns.size() - 1), p);
            firstRight += first ? 1 : 0;
            finalRight += last ? 1 : 0;
            iToC += !first && last ? 1 : 0;
            cToI += first && !last ? 1 : 0;
            for (SpocReading.Turn t : turns) {
                boolean ok = correct(t, p);
                verifications++;
                if (t.verdict() == SpocReading.Verdict.NONE) {
                    unparsed++;
                } else if ((t.verdict() == SpocReading.Verdict.YES) == ok) {
                    verifierRight++;
                }
                if (!ok) {
                    wrong++;
                    int truth = ErrorInjector.firstDifference(p.steps(), t.steps()) + 1;
                    if (t.namedStep().isPresent() && t.namedStep().getAsInt() == truth) {
                        located++;
                    }
                }
            }
        }
        int n = problems.size();
        return new Report(n, firstRight / (double) n, finalRight / (double) n, iToC / (double) n, cToI / (double) n,
                verifications, verifierRight / (double) Math.max(1, verifications), unparsed / (double) Math.max(1, verifications),
                wrong, located / (double) Math.max(1, wrong), turnsTotal / (double) n);
    }

    private static boolean correct(SpocReading.Turn t, ArithmeticProblem p) {
        return t.answer().isPresent() && t.answer().getAsLong() == p.answer();
    }
}
