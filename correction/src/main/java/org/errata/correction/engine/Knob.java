package org.errata.correction.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One knob a user may set, described once where it is used: its name in recipe files and on
 * {@code --set}, its type, its default, its range or choices, and a line of help. Forms, the
 * {@code recipes show} listing and the recipe reader are all generated from these descriptions.
 */
public record Knob(String name, Type type, Object defaultValue, @Nullable Double min, @Nullable Double max,
                   List<String> choices, String help) {

    public enum Type {
        INT, DOUBLE, BOOL, CHOICE, TEXT, LIST;

        public String wireName() { return name().toLowerCase(Locale.ROOT); }
    }

    public Knob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        choices = List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) throw new IllegalArgumentException("choice knob " + name + " without choices");
        defaultValue = coerce(name, type, defaultValue, min, max, choices);
    }

    public static Knob integer(String name, int dflt, int min, int max, String help) {
        return new Knob(name, Type.INT, dflt, (double) min, (double) max, List.of(), help);
    }

    public static Knob decimal(String name, double dflt, double min, double max, String help) {
        return new Knob(name, Type.DOUBLE, dflt, min, max, List.of(), help);
    }

    public static Knob bool(String name, boolean dflt, String help) {
        return new Knob(name, Type.BOOL, dflt, null, null, List.of(), help);
    }

    public static Knob choice(String name, String dflt, List<String> choices, String help) {
        return new Knob(name, Type.CHOICE, dflt, null, null, choices, help);
    }

    /** A list of strings; on a command line, comma-separated. */
    public static Knob list(String name, List<String> dflt, String help) {
        return new Knob(name, Type.LIST, dflt, null, null, List.of(), help);
    }

    public static Knob text(String name, String dflt, String help) {
        return new Knob(name, Type.TEXT, dflt, null, null, List.of(), help);
    }

    /** A copy with another default (a strategy's own default for a shared knob). */
    public Knob withDefault(Object v) {
        return new Knob(name, type, v, min, max, choices, help);
    }

    /** A copy with another help line (a strategy's own reading of a shared knob). */
    public Knob withHelp(String h) {
        return new Knob(name, type, defaultValue, min, max, choices, h);
    }

    /**
     * {@code value} (a number, boolean or string, as a file or a command line gives it) as this
     * knob's type; IllegalArgumentException saying what was expected otherwise.
     */
    public Object coerce(Object value) {
        return coerce(name, type, value, min, max, choices);
    }

    /** "int, 1..32", "one of single_pass, turn_by_turn", "bool", ... */
    public String range() {
        return switch (type) {
            case INT -> "int" + bounds(true);
            case DOUBLE -> "number" + bounds(false);
            case BOOL -> "true or false (on or off)";
            case CHOICE -> "one of " + String.join(", ", choices);
            case TEXT -> "text";
            case LIST -> "list of text";
        };
    }

    private String bounds(boolean integral) {
        if (min == null && max == null) return "";
        return ", " + fmt(min, integral) + ".." + fmt(max, integral);
    }

    private static String fmt(@Nullable Double d, boolean integral) {
        if (d == null) return "";
        return integral || d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
    }

    /** The value as written in a file or on a command line. */
    public static String show(Object value) {
        if (value instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : String.valueOf(value);
    }

    private static Object coerce(String name, Type type, Object value, @Nullable Double min, @Nullable Double max,
                                 List<String> choices) {
        Objects.requireNonNull(value, () -> name + " has no value");
        Object v = switch (type) {
            case INT -> {
                if (value instanceof Integer || value instanceof Long) yield ((Number) value).intValue();
                if (value instanceof String s && s.strip().matches("[+-]?\\d{1,9}")) yield Integer.parseInt(s.strip());
                throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
            }
            case DOUBLE -> {
                if (value instanceof Number n) yield n.doubleValue();
                if (value instanceof String s) {
                    try {
                        yield Double.parseDouble(s.strip());
                    } catch (NumberFormatException e) {
                        // falls through to the message below
                    }
                }
                throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
            }
            case BOOL -> {
                if (value instanceof Boolean b) yield b;
                String word = value instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
                if (word.equals("true") || word.equals("on")) yield true;
                if (word.equals("false") || word.equals("off")) yield false;
                throw new IllegalArgumentException(name + " must be true or false (on or off), not '" + value + "'");
            }
            case CHOICE -> {
                String s = String.valueOf(value).strip().replace('-', '_').toLowerCase(Locale.ROOT);
                if (!choices.contains(s)) {
                    throw new IllegalArgumentException(name + " must be one of " + String.join(", ", choices) + ", not '" + value + "'");
                }
                yield s;
            }
            case TEXT -> {
                if (value instanceof String s) yield s;
                throw new IllegalArgumentException(name + " must be text, not '" + value + "'");
            }
            case LIST -> {
                if (value instanceof List<?> l) {
                    if (l.stream().allMatch(x -> x instanceof String)) yield List.copyOf(l.stream().map(String.class::cast).toList());
                    throw new IllegalArgumentException(name + " must be a list of text, not " + value);
                }
                if (value instanceof String s) {
                    yield s.isBlank() ? List.<String>of()
                            : java.util.Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
                }
                throw new IllegalArgumentException(name + " must be a list of text, not '" + value + "'");
            }
        };
        if (v instanceof Number n && (min != null && n.doubleValue() < min || max != null && n.doubleValue() > max)) {
            throw new IllegalArgumentException(name + " must be between " + fmt(min, type == Type.INT) + " and "
                    + fmt(max, type == Type.INT) + ", not " + show(v));
        }
        return v;
    }
}
