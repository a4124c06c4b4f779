package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The column types the trainers document, as checks over one JSON line; each returns the
 * problems found (empty: the line fits). Written from the documentation, not from our exports:
 * <ul>
 *   <li>TRL "Dataset formats and types": a conversational column is a list of
 *       {@code {"role", "content"}} messages (roles system, user, assistant; a system turn only
 *       first); language modeling {@code messages}; prompt-completion {@code prompt} and
 *       {@code completion}; preference {@code prompt}, {@code chosen}, {@code rejected}; unpaired
 *       preference adds a boolean {@code label}; stepwise supervision {@code prompt} (string),
 *       {@code completions} (strings) and {@code labels} (booleans, one per completion). Within
 *       one example every text column is standard (strings) or every one conversational.</li>
 *   <li>OpenRLHF ({@code --prompt_key/--chosen_key/--rejected_key} for DPO and reward models;
 *       {@code --input_key/--label_key} with a {@code --placeholder_token} for PRMs): strings for
 *       prompt, chosen and rejected; for a PRM an input string and one {@code +}/{@code -} label
 *       per placeholder in it.</li>
 * </ul>
 */
final class TrainerSchemas {
    private TrainerSchemas() {}

    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    enum Schema { TRL_LANGUAGE_MODELING, TRL_PROMPT_COMPLETION, TRL_PREFERENCE, TRL_UNPAIRED_PREFERENCE, TRL_STEPWISE,
        OPENRLHF_PREFERENCE, OPENRLHF_PRM }

    static List<String> check(Schema schema, JsonNode line) {
        List<String> problems = new ArrayList<>();
        switch (schema) {
            case TRL_LANGUAGE_MODELING -> conversation(line, "messages", problems, false);
            case TRL_PROMPT_COMPLETION -> texts(line, List.of("prompt", "completion"), problems);
            case TRL_PREFERENCE -> texts(line, List.of("prompt", "chosen", "rejected"), problems);
            case TRL_UNPAIRED_PREFERENCE -> {
                texts(line, List.of("prompt", "completion"), problems);
                if (!line.path("label").isBoolean()) problems.add("label is not a boolean");
            }
            case TRL_STEPWISE -> {
                if (!line.path("prompt").isTextual()) problems.add("prompt is not a string");
                JsonNode c = line.path("completions");
                JsonNode l = line.path("labels");
                if (!c.isArray() || c.isEmpty()) problems.add("completions is not a non-empty list");
                else c.forEach(x -> { if (!x.isTextual()) problems.add("a completion is not a string"); });
                if (!l.isArray()) problems.add("labels is not a list");
                else l.forEach(x -> { if (!x.isBoolean()) problems.add("a label is not a boolean"); });
                if (c.isArray() && l.isArray() && c.size() != l.size()) problems.add(c.size() + " completions, " + l.size() + " labels");
            }
            case OPENRLHF_PREFERENCE -> {
                for (String k : List.of("prompt", "chosen", "rejected")) {
                    if (!line.path(k).isTextual()) problems.add(k + " is not a string");
                }
            }
            case OPENRLHF_PRM -> {
                String input = line.path("input").asText(null);
                if (!line.path("input").isTextual()) problems.add("input is not a string");
                JsonNode l = line.path("label");
                if (!l.isArray()) problems.add("label is not a list");
                else l.forEach(x -> { if (!(x.isTextual() && (x.asText().equals("+") || x.asText().equals("-")))) problems.add("a label is not + or -"); });
                if (input != null && l.isArray()) {
                    int placeholders = input.split(TrainingSets.PRM_PLACEHOLDER, -1).length - 1;
                    if (placeholders != l.size()) problems.add(placeholders + " placeholders, " + l.size() + " labels");
                }
            }
        }
        return problems;
    }

    /** The columns are all strings (standard) or all conversations (conversational). */
    private static void texts(JsonNode line, List<String> keys, List<String> problems) {
        boolean conversational = line.path(keys.get(0)).isArray();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            JsonNode v = line.path(k);
            if (conversational) {
                if (!v.isArray()) problems.add(k + " is not a conversation while " + keys.get(0) + " is");
                else conversation(line, k, problems, i > 0);
            } else if (!v.isTextual()) {
                problems.add(k + " is not a string while " + keys.get(0) + " is");
            }
        }
    }

    private static void conversation(JsonNode line, String key, List<String> problems, boolean answer) {
        JsonNode messages = line.path(key);
        if (!messages.isArray() || messages.isEmpty()) {
            problems.add(key + " is not a non-empty list of messages");
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
                problems.add(key + "[" + i + "] is not {role, content} strings");
                continue;
            }
            String role = m.get("role").asText();
            if (!ROLES.contains(role)) problems.add(key + "[" + i + "] has role " + role);
            if (role.equals("system") && (i > 0 || answer)) problems.add(key + "[" + i + "] is a system turn after the first");
        }
        if (answer && !messages.get(messages.size() - 1).path("role").asText().equals("assistant")) {
            problems.add(key + " does not end with an assistant turn");
        }
    }
}
