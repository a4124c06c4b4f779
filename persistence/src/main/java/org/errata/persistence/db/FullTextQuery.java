package org.errata.persistence.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user typed into a full-text search, and how to hand it to SQLite FTS5. By default the
 * text is words, not syntax: each whitespace-separated word becomes a quoted FTS5 phrase (a
 * quote inside it doubled), and a row matches when it has all of them, so {@code 12-7},
 * {@code don't}, {@code answer: 5}, {@code "abc} and {@code (x} find the text they spell. Only
 * an {@linkplain #advanced advanced} query passes FTS5 syntax (AND, OR, NOT, NEAR, prefixes,
 * column filters) through as typed; its syntax errors are reported, not hidden.
 */
public record FullTextQuery(String text, boolean advanced) {
    /** A character that FTS5's default tokenizer (unicode61) keeps in a token: letters, digits, private use. */
    private static final Pattern TOKEN_CHAR = Pattern.compile("[\\p{L}\\p{N}\\p{Co}]");

    public FullTextQuery {
        text = text.strip();
    }

    /** Words to find, each taken literally. */
    public static FullTextQuery words(String text) {
        return new FullTextQuery(text, false);
    }

    /** An FTS5 query expression, passed to {@code MATCH} as written. */
    public static FullTextQuery advanced(String expression) {
        return new FullTextQuery(expression, true);
    }

    /** True when there is nothing to search for (blank, or words of punctuation only). */
    public boolean isEmpty() {
        return match().isEmpty();
    }

    /** The {@code MATCH} argument, or empty when nothing in the text can match. */
    public Optional<String> match() {
        if (advanced) return text.isEmpty() ? Optional.empty() : Optional.of(text);
        List<String> phrases = new ArrayList<>();
        for (String word : text.split("\\s+")) {
            // A word without a token character is an empty phrase to FTS5; leave it out.
            if (TOKEN_CHAR.matcher(word).find()) phrases.add('"' + word.replace("\"", "\"\"") + '"');
        }
        return phrases.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", phrases));
    }

    /**
     * The failure of running this query: an advanced query's FTS5 syntax error as a one-line
     * message naming the query; any other failure as a failed search.
     */
    public PersistenceException failure(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // SQLITE_ERROR from MATCH: the statement itself is fixed, so it is the query the user wrote.
        if (advanced && e.getErrorCode() == 1) {
            int open = m.lastIndexOf('(');
            String why = open >= 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
            return new PersistenceException("the search '" + text + "' is not valid FTS5 syntax (" + why.strip()
                    + "); turn advanced search off to find the words as typed", e);
        }
        return new PersistenceException("searching for '" + text + "' failed: " + m, e);
    }
}
