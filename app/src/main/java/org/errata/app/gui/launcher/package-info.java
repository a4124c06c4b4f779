/** The run launcher: model, strategy, knobs, dataset subset; start, stop, resume. */
@NullMarked
package org.errata.app.gui.launcher;

import org.jspecify.annotations.NullMarked;
