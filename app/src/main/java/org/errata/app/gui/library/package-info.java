/** The library pane: runs and their traces, datasets and problems, with search and filters. */
@NullMarked
package org.errata.app.gui.library;

import org.jspecify.annotations.NullMarked;
