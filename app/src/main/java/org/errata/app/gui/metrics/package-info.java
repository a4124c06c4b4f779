/** The metrics dashboard of a run, and of a run against another: charts exportable as PNG. */
@NullMarked
package org.errata.app.gui.metrics;

import org.jspecify.annotations.NullMarked;
