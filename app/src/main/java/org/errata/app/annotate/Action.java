package org.errata.app.annotate;

/** What a key does in the annotation view; {@link Keymap} binds keys to these. */
public enum Action {
    NEXT_STEP("Next step"),
    PREVIOUS_STEP("Previous step"),
    FIRST_ERROR("Mark the current step as the first error (steps before it correct)"),
    ALL_CORRECT("All steps correct"),
    RATE_GOOD("Rate the current step +1"),
    RATE_NEUTRAL("Rate the current step 0"),
    RATE_BAD("Rate the current step -1 (the first error)"),
    UNDO("Undo the last edit"),
    SKIP("Skip this item"),
    BAD_PROBLEM("Flag a bad problem"),
    ERROR_TYPE("Next error type"),
    CONFIDENCE("Next confidence (1-5)"),
    NEXT_ITEM("Next item"),
    PREVIOUS_ITEM("Previous item"),
    SHEET("Show or hide this sheet");

    private final String help;

    Action(String help) {
        this.help = help;
    }

    public String help() {
        return help;
    }

    /** The name used in the keymap file, e.g. {@code first-error}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
