package org.errata.correction.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command, not a test: grading throughput on MATH500 under each {@link Grader.Escalation}.
 * The pairs are each reference answer against the answer boxed in its own solution (equal) and
 * against the next problem's answer (almost always different). Prints the CAS start-up time,
 * pairs/s per policy (the first pass, where Symja meets each expression for the first time, and
 * repeated passes), how often the CAS was consulted, and its verdicts.
 *
 * <pre>{@code
 * mvn -B -ntp -q -pl correction -am -DskipTests test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp correction/target/test-classes:correction/target/classes:$(cat correction/target/cp.txt) \
 *     org.errata.correction.grading.GradingBench ../shared/data/math500_test.jsonl [rounds [POLICY]]
 * }</pre>
 */
public final class GradingBench {

    private GradingBench() {}

    record Pair(String gold, String predicted) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: GradingBench MATH500.jsonl [rounds [NEVER|ON_DOUBT|ALWAYS]]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Pair> pairs = pairs(Path.of(args[0]));
        System.out.printf("%d pairs (%d same-problem, %d shifted), %d timed round(s) each, %d cores%n",
                pairs.size(), pairs.size() / 2, pairs.size() / 2, rounds, Runtime.getRuntime().availableProcessors());

        long start = System.nanoTime();
        new CasChecker().verdict("1", "1");
        System.out.printf("CAS start-up (first call): %.0f ms%n", (System.nanoTime() - start) / 1e6);

        List<Grader.Escalation> policies = args.length > 2
                ? List.of(Grader.Escalation.valueOf(args[2])) : List.of(Grader.Escalation.values());
        for (Grader.Escalation policy : policies) {
            Grader grader = Grader.standard().withEscalation(policy);
            long t0 = System.nanoTime();
            int[] first = run(grader, pairs);
            double firstSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            for (int r = 0; r < rounds; r++) run(grader, pairs);
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("%-8s first pass %6.0f pairs/s, repeated %6.0f pairs/s; equivalent %d; CAS consulted %d "
                            + "(same-problem pairs: equal %d, different %d, no verdict %d; shifted: equal %d, different %d, no verdict %d)%n",
                    policy, pairs.size() / firstSeconds, rounds * pairs.size() / seconds, first[0], first[1],
                    first[2], first[3], first[4], first[5], first[6], first[7]);
        }
        System.exit(0);
    }

    /**
     * One pass; returns {equivalent, consulted, then CAS equal / different / no verdict on the
     * same-problem half, then on the shifted half}.
     */
    private static int[] run(Grader grader, List<Pair> pairs) {
        int[] s = new int[8];
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            GradeResult r = grader.grade(p.gold(), p.predicted());
            if (r.equivalent()) s[0]++;
            Boolean cas = r.byChecker().get(CasChecker.ID);
            boolean undecided = r.undecided().contains(CasChecker.ID);
            if (cas != null || undecided) s[1]++;
            int half = i < pairs.size() / 2 ? 2 : 5;
            if (Boolean.TRUE.equals(cas)) s[half]++;
            if (Boolean.FALSE.equals(cas)) s[half + 1]++;
            if (undecided) s[half + 2]++;
        }
        return s;
    }

    private static List<Pair> pairs(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        AnswerExtractor extractor = AnswerExtractor.standard();
        List<String> golds = new ArrayList<>();
        List<String> boxed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode row = json.readTree(line);
            golds.add(row.get("answer").asText());
            boxed.add(extractor.extract(row.get("solution").asText()).map(ExtractedAnswer::answer).orElse(""));
        }
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < golds.size(); i++) out.add(new Pair(golds.get(i), boxed.get(i)));
        for (int i = 0; i < golds.size(); i++) out.add(new Pair(golds.get(i), boxed.get((i + 1) % golds.size())));
        return out;
    }
}
