/** Datasets and their problems in the store, with full-text search over problem text. */
@NullMarked
package org.errata.persistence.dataset;

import org.jspecify.annotations.NullMarked;
