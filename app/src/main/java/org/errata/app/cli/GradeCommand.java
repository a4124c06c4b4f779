package org.errata.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.errata.correction.grading.ExtractedAnswer;
import org.errata.correction.grading.GradeResult;
import org.errata.correction.grading.Grader;
import org.errata.correction.grading.GradingPolicy;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errata grade --pairs FILE [--out FILE]}: grades JSONL lines holding {@code gold} and
 * {@code pred} (a final answer or a whole solution; the answer is extracted when an extractor
 * finds one) and writes each line back with {@code equivalent}, {@code extracted},
 * {@code checkers} (each checker's verdict; {@code null} for one that could not decide, such as the
 * computer-algebra checker on an answer it cannot read) and {@code checkers_disagree}. The CAS
 * checker is consulted on every line unless {@code --cas} says otherwise. Malformed lines are
 * reported as FILE:LINE on standard error and skipped; the exit code is then 1.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Grade predicted answers against gold answers (JSONL lines with gold and pred).")
public final class GradeCommand implements Callable<Integer> {

    /** The extractor name recorded when no extractor matched and the text was used as it is. */
    static final String RAW = "raw";

    @Spec CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "JSONL input, one {\"gold\", \"pred\"} object per line.")
    Path pairs;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the graded lines (default: standard output).")
    @Nullable Path out;

    @Option(names = "--cas", paramLabel = "WHEN", defaultValue = "ALWAYS",
            description = "When to consult the computer-algebra checker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "ON_DOUBT is what runs use: only when the other checkers disagree or all say different).")
    Grader.Escalation cas = Grader.Escalation.ALWAYS;

    @Override
    public Integer call() throws IOException {
        // Made here, not in a field: picocli builds every command to parse any command line, and an
        // ObjectMapper loads much of Jackson (a second of a loaded machine on every start).
        ObjectMapper json = new ObjectMapper();
        PrintWriter err = spec.commandLine().getErr();
        Grader grader = GradingPolicy.standard().withCas(cas).grader();
        int graded = 0, equivalent = 0, malformed = 0;
        try (BufferedReader in = Files.newBufferedReader(pairs, StandardCharsets.UTF_8);
             Writer sink = out == null ? new NonClosing(spec.commandLine().getOut()) : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                ObjectNode row;
                try {
                    row = parse(json, line);
                } catch (MalformedLine e) {
                    malformed++;
                    err.println(pairs + ":" + number + ": " + e.getMessage());
                    continue;
                }
                ExtractedAnswer gold = answerOf(grader, row.get("gold").asText());
                ExtractedAnswer pred = answerOf(grader, row.get("pred").asText());
                GradeResult r = grader.grade(gold.answer(), pred.answer());
                row.put("equivalent", r.equivalent());
                ObjectNode extracted = row.putObject("extracted");
                extracted.put("gold", gold.answer());
                extracted.put("gold_extractor", gold.extractor());
                extracted.put("pred", pred.answer());
                extracted.put("pred_extractor", pred.extractor());
                ObjectNode checkers = row.putObject("checkers");
                r.byChecker().forEach(checkers::put);
                r.undecided().forEach(checkers::putNull);
                row.put("checkers_disagree", r.checkersDisagree());
                sink.write(json.writeValueAsString(row));
                sink.write('\n');
                graded++;
                if (r.equivalent()) equivalent++;
            }
        }
        err.printf("graded %d line(s): %d equivalent, %d not; %d malformed%n", graded, equivalent, graded - equivalent, malformed);
        err.flush();
        return malformed == 0 ? 0 : 1;
    }

    private static ObjectNode parse(ObjectMapper json, String line) throws MalformedLine {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLine("not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode row)) throw new MalformedLine("not a JSON object");
        for (String field : new String[] {"gold", "pred"}) {
            JsonNode v = row.get(field);
            if (v == null || v.isNull()) throw new MalformedLine("missing \"" + field + "\"");
            if (!v.isValueNode()) throw new MalformedLine("\"" + field + "\" must be a string or a number");
        }
        return row;
    }

    private static ExtractedAnswer answerOf(Grader grader, String text) {
        return grader.extractor().extract(text).orElseGet(() -> new ExtractedAnswer(text.strip(), RAW));
    }

    private static final class MalformedLine extends Exception {
        MalformedLine(String message) {
            super(message);
        }
    }

    /** Standard output must stay open after the command. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer w) {
            super(w);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
