/**
 * LaTeX math rendered to images under a budget: the one place Errata calls JLaTeXMath, used by
 * the HTML and PNG exports, the inspector, annotation and presentation.
 */
@NullMarked
package org.errata.app.math;

import org.jspecify.annotations.NullMarked;
