/** Two runs side by side on the problems both ran: rows, filters (fixed / broken by B, ...) and both trees. */
@NullMarked
package org.errata.app.gui.compare;

import org.jspecify.annotations.NullMarked;
