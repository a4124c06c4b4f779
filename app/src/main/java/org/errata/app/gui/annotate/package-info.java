/** The annotation view: label solutions step by step from the keyboard, every label saved as it is made. */
@NullMarked
package org.errata.app.gui.annotate;

import org.jspecify.annotations.NullMarked;
