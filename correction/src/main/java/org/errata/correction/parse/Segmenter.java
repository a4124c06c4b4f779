package org.errata.correction.parse;

import java.util.List;

/**
 * Cuts a solution into steps. Spans are exact character offsets into the text, trimmed of
 * surrounding whitespace, in order and non-overlapping; blank pieces are dropped. Every stored
 * step and label names the segmenter that produced it (METHODS.md section B).
 */
public interface Segmenter {

    /** The stable id stored with each step: {@code line}, {@code paragraph}, {@code xml_step}, {@code action}. */
    String id();

    List<Span> segment(String text);
}
