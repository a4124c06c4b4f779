package org.errata.correction.parse;

/**
 * Reads a verifier's text into a verdict. Never throws on model output: anything unreadable
 * is {@link org.errata.correction.trace.Verdict#UNPARSED}.
 */
public interface VerdictParser {

    /** The stable id stored with each verification: {@code spoc}, {@code s2r}, {@code verify-tag}... */
    String id();

    ParsedVerdict parse(String text);
}
