/** Live runs: loop events folded into trace trees and progress figures, one batch per frame. */
@NullMarked
package org.errata.app.gui.live;

import org.jspecify.annotations.NullMarked;
