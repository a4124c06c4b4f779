package org.errata.correction.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The prompt templates a run uses, by name ({@code spoc.user}, {@code critic.critique}, ...).
 * Defaults are resources under {@code org/errata/correction/prompts/NAME.txt}; a user may replace
 * any of them ({@link #with}). Immutable; the exact texts go into the run record.
 */
public final class PromptTemplates {

    private static final String ROOT = "/org/errata/correction/prompts/";

    private final Map<String, String> overrides;

    private PromptTemplates(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** The bundled templates, unchanged. */
    public static PromptTemplates defaults() {
        return new PromptTemplates(Map.of());
    }

    /** A copy in which template {@code name} has the given text. */
    public PromptTemplates with(String name, String text) {
        Map<String, String> m = new LinkedHashMap<>(overrides);
        m.put(Objects.requireNonNull(name), Objects.requireNonNull(text));
        return new PromptTemplates(m);
    }

    /** Template {@code name}: the override when there is one, else the bundled text. */
    public PromptTemplate get(String name) {
        String text = overrides.get(name);
        return new PromptTemplate(name, text != null ? text : bundled(name));
    }

    /** The bundled text of template {@code name}; throws if there is no such resource. */
    public static String bundled(String name) {
        try (InputStream in = PromptTemplates.class.getResourceAsStream(ROOT + name + ".txt")) {
            if (in == null) throw new IllegalArgumentException("no prompt template named " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + name, e);
        }
    }
}
