/** The bundled resources (demo model, held-out problems) and the {@link org.errata.assets.Assets} locator that hands them out as files. */
@NullMarked
package org.errata.assets;

import org.jspecify.annotations.NullMarked;
