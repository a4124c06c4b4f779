/** Background work and batching: the one task-executor seam, and per-frame delivery of streamed events. */
@NullMarked
package org.errata.app.gui.task;

import org.jspecify.annotations.NullMarked;
