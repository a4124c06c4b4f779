/** The trace tree of one (run, problem): node view models with badges, built whole or grown live. */
@NullMarked
package org.errata.app.gui.tree;

import org.jspecify.annotations.NullMarked;
