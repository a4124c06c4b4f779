/** Presentation mode: a trace revealed block by block on a projector, replayed at a chosen speed, or streamed live. */
@NullMarked
package org.errata.app.gui.present;

import org.jspecify.annotations.NullMarked;
