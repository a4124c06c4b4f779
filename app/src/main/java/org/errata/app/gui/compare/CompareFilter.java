package org.errata.app.gui.compare;

/** Which common problems the compare table lists. "Right" is the final answer against gold. */
public enum CompareFilter {
    ALL("All"),
    FIXED_BY_B("Fixed by B"),
    BROKEN_BY_B("Broken by B"),
    BOTH_RIGHT("Both right"),
    BOTH_WRONG("Both wrong"),
    ANSWERS_DIFFER("Answers differ");

    private final String label;

    CompareFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean accepts(CompareRow r) {
        boolean a = r.a().right();
        boolean b = r.b().right();
        return switch (this) {
            case ALL -> true;
            case FIXED_BY_B -> !a && b;
            case BROKEN_BY_B -> a && !b;
            case BOTH_RIGHT -> a && b;
            case BOTH_WRONG -> !a && !b;
            case ANSWERS_DIFFER -> r.answersDiffer();
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
