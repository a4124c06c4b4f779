package org.errata.correction.training;

import java.util.Map;
import java.util.Objects;
import org.errata.correction.engine.PromptTemplate;
import org.errata.correction.engine.PromptTemplates;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;

/** One trace to make training data from: its run (for the prompts it used), the trace and its problem's text. */
public record TrainingInput(Run run, Trace trace, String problem) {

    public TrainingInput {
        Objects.requireNonNull(run);
        Objects.requireNonNull(trace);
        Objects.requireNonNull(problem);
    }

    /** The problem's id, which every line's id starts with. */
    public String id() {
        return trace.problem().value();
    }

    /** Template {@code name} as the run recorded it (else the bundled text), rendered and stripped. */
    public String template(String name, Map<String, String> values) {
        String text = run.prompts().get(name);
        return new PromptTemplate(name, text != null ? text : PromptTemplates.bundled(name)).render(values).strip();
    }
}
