package org.errata.correction.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The values a user set for a strategy's knobs, read against the knobs the strategy declares:
 * each typed getter gives the value given (checked by {@link Knob#coerce}) or the knob's default.
 * A strategy's parameter record is built from one of these; values for knobs the strategy does
 * not declare are ignored (they belong to another strategy).
 */
public record KnobValues(List<Knob> knobs, Map<String, Object> given) {

    public KnobValues {
        knobs = List.copyOf(knobs);
        given = Map.copyOf(given);
    }

    public static KnobValues of(List<Knob> knobs, Map<String, ?> given) {
        return new KnobValues(knobs, Map.copyOf(given));
    }

    /** The coerced value of the declared knob {@code name}; IllegalArgumentException for a knob not declared. */
    public Object get(String name) {
        for (Knob k : knobs) {
            if (k.name().equals(name)) return k.coerce(given.getOrDefault(name, k.defaultValue()));
        }
        throw new IllegalArgumentException("the strategy declares no knob " + name);
    }

    public int integer(String name) { return (Integer) get(name); }
    public double decimal(String name) { return ((Number) get(name)).doubleValue(); }
    public boolean bool(String name) { return (Boolean) get(name); }
    public String choice(String name) { return (String) get(name); }

    /** A choice knob as the enum constant of the same name (upper case). */
    public <E extends Enum<E>> E choice(String name, Class<E> type) {
        return Enum.valueOf(type, choice(name).toUpperCase(Locale.ROOT));
    }

    /** An enum constant as a choice knob writes it. */
    public static String wire(Enum<?> e) {
        return Objects.requireNonNull(e).name().toLowerCase(Locale.ROOT);
    }
}
