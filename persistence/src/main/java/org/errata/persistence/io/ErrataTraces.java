package org.errata.persistence.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.trace.TraceJson;
import org.jspecify.annotations.Nullable;

/**
 * Errata's own run export, read and written: one line per trace with the run record, the
 * problem, the outcome and every node ({@code kind} and the node's record, ids kept). A line is
 * read whole and its tree checked ({@link TreeCheck}) before the import takes it.
 */
final class ErrataTraces {
    /** One line: its run, its problem (when the line carries it) and the trace. */
    record Line(Run run, @Nullable Problem problem, Trace trace) {}

    private ErrataTraces() {}

    static boolean looksLike(JsonNode o) {
        return o.has("nodes") && o.has("run");
    }

    static Line read(JsonNode o, ObjectMapper json) {
        try {
            Run run = json.treeToValue(o.path("run"), Run.class);
            ProblemId problemId = new ProblemId(SourceFields.requireText(o, "problem_id"));
            Problem problem = null;
            if (o.path("problem").isObject()) {
                problem = json.treeToValue(o.path("problem"), Problem.class);
                if (!problem.id().equals(problemId)) throw new BadLineException("problem id " + problem.id() + " is not " + problemId);
                if (problem.dataset().indexOf('/') >= 0 || !problem.id().equals(ProblemId.of(problem.dataset(), problem.key()))) {
                    throw new BadLineException("problem id " + problem.id() + " is not its dataset/key (dataset names may not contain '/')");
                }
            }
            List<TraceNode> nodes = new ArrayList<>();
            for (JsonNode n : o.path("nodes")) {
                nodes.add(json.treeToValue(n.path("node"), TraceJson.nodeClass(SourceFields.requireText(n, "kind"))));
            }
            TraceStatus status = TraceStatus.valueOf(SourceFields.requireText(o, "status").toUpperCase(Locale.ROOT));
            JsonNode correct = o.path("correct");
            Trace trace = new Trace(run.id(), problemId, status, SourceFields.scalar(o.path("final_answer")),
                    correct.isBoolean() ? correct.booleanValue() : null, nodes);
            Optional<String> broken = TreeCheck.problem(trace);
            if (broken.isPresent()) throw new BadLineException(broken.get());
            return new Line(run, problem, trace);
        } catch (JsonProcessingException e) {
            throw new BadLineException("not an Errata trace: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new BadLineException("not an Errata trace: " + e.getMessage());
        }
    }

    /** The line {@link #read} reads back. */
    static Map<String, Object> line(Run run, Trace t, @Nullable Problem problem) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("run", run);
        line.put("problem_id", t.problem());
        line.put("problem", problem);
        line.put("status", t.status().wireName());
        line.put("final_answer", t.finalAnswer());
        line.put("correct", t.correct());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (TraceNode n : t.nodes()) {
            // Not Map.of: its order changes from one JVM to the next, and exports must not.
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("kind", n.nodeKind());
            node.put("node", n);
            nodes.add(node);
        }
        line.put("nodes", nodes);
        return line;
    }
}
