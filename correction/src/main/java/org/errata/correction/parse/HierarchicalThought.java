package org.errata.correction.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * SuperCorrect's hierarchical-thought format (METHODS.md A4), read: numbered steps
 * {@code <StepN>...</StepN>}, each with the {@code <Key>...</Key>} notes the model put on a
 * tricky step, then {@code <Generalized>...</Generalized>} and {@code <Answer>...</Answer>}. This
 * is the one reader of the format: the {@code xml_step} segmenter cuts steps with it and the
 * {@code answer_tag} answer format grades the content of its {@code <Answer>}.
 *
 * @param steps       the step elements in text order; a step whose closing tag does not match its
 *                    opening number is not a step
 * @param generalized the content of the last {@code <Generalized>} element, stripped; null without one
 * @param answer      the content of the last {@code <Answer>} element, stripped; null without one
 *                    (a truncated answer without its closing tag counts as none)
 */
public record HierarchicalThought(List<Step> steps, @Nullable String generalized, @Nullable String answer) {

    /**
     * One {@code <StepN>} element.
     *
     * @param number the N of its tag, as written
     * @param span   its content, trimmed, as a span of the parsed text
     * @param keys   the content of each {@code <Key>} note inside it, stripped, in order
     */
    public record Step(int number, Span span, List<String> keys) {
        public Step {
            Objects.requireNonNull(span, "span");
            keys = List.copyOf(keys);
        }
    }

    private static final Pattern STEP = Pattern.compile("(?s)<Step(\\d{1,6})>(.*?)</Step\\1>");
    private static final Pattern KEY = Pattern.compile("(?s)<Key>(.*?)</Key>");
    private static final Pattern GENERALIZED = Pattern.compile("(?s)<Generalized>(.*?)</Generalized>");
    private static final Pattern ANSWER = Pattern.compile("(?s)<Answer>(.*?)</Answer>");

    public HierarchicalThought {
        steps = List.copyOf(steps);
    }

    /** Reads {@code text}; never fails (text without the format has no steps and no answer). */
    public static HierarchicalThought parse(String text) {
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        while (m.find()) {
            List<Span> trimmed = new ArrayList<>(1);
            Segmenters.addTrimmed(text, m.start(2), m.end(2), trimmed);
            if (trimmed.isEmpty()) continue;
            List<String> keys = new ArrayList<>();
            Matcher k = KEY.matcher(m.group(2));
            while (k.find()) keys.add(k.group(1).strip());
            steps.add(new Step(Integer.parseInt(m.group(1)), trimmed.get(0), keys));
        }
        return new HierarchicalThought(steps, last(GENERALIZED, text), answer(text));
    }

    /** The content of the last {@code <Answer>} element of {@code text}, stripped; null without one. */
    public static @Nullable String answer(String text) {
        return last(ANSWER, text);
    }

    /** The steps' spans, in order (what the {@code xml_step} segmenter returns). */
    public List<Span> spans() {
        return steps.stream().map(Step::span).toList();
    }

    /** Whether the text had the whole format: at least one step and an answer. */
    public boolean complete() {
        return !steps.isEmpty() && answer != null;
    }

    private static @Nullable String last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String found = null;
        while (m.find()) found = m.group(1).strip();
        return found;
    }
}
