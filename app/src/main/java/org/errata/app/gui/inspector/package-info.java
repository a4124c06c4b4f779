/** The inspector: a node's text with step spans, LaTeX rendering, token heatmap and call details. */
@NullMarked
package org.errata.app.gui.inspector;

import org.jspecify.annotations.NullMarked;
