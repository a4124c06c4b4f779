/**
 * Runs and their trace trees in the store: the streaming {@link org.errata.persistence.trace.TraceWriter},
 * the reader API ({@link org.errata.persistence.trace.TraceStore}) and the row mapping of nodes.
 */
@NullMarked
package org.errata.persistence.trace;

import org.jspecify.annotations.NullMarked;
