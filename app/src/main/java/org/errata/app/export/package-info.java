/**
 * A trace as one card (problem, attempts, steps, verdicts, first error, correction), rendered to
 * a self-contained HTML file or a PNG image without a toolkit.
 */
@NullMarked
package org.errata.app.export;

import org.jspecify.annotations.NullMarked;
