/**
 * The public face of the model runtime: what a self-correction loop may ask of a language
 * model. No engine type (DJL, HTTP) appears here; backends live in sibling packages and are
 * reached through {@link org.errata.runtime.api.LanguageModels}.
 */
@NullMarked
package org.errata.runtime.api;

import org.jspecify.annotations.NullMarked;
