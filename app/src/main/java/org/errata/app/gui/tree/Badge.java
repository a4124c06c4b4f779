package org.errata.app.gui.tree;

/** A pill shown beside a tree node. {@code styleClass} is the CSS class the view gives it. */
public enum Badge {
    VERDICT_CORRECT("correct", "badge-success"),
    VERDICT_INCORRECT("incorrect", "badge-danger"),
    VERDICT_UNPARSED("unparsed", "badge-warning"),
    ANSWER_RIGHT("right vs gold", "badge-success"),
    ANSWER_WRONG("wrong vs gold", "badge-danger"),
    USES_GOLD("uses gold", "badge-accent"),
    FIRST_ERROR("first error", "badge-danger"),
    HUMAN_FIRST_ERROR("human: first error", "badge-accent"),
    FAILED("failed", "badge-warning"),
    CORRECTED("wrong \u2192 right", "badge-success"),
    BROKEN("right \u2192 wrong", "badge-danger"),
    VERIFIER_MISSED("verifier missed", "badge-warning"),
    FALSE_ALARM("false alarm", "badge-warning"),
    STREAMING("streaming", "badge-accent");

    private final String text;
    private final String styleClass;

    Badge(String text, String styleClass) {
        this.text = text;
        this.styleClass = styleClass;
    }

    public String text() { return text; }

    public String styleClass() { return styleClass; }
}
