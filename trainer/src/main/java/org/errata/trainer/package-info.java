/** Makes the bundled demo model: {@code DemoModelMaker} ties data, tokenizer, training and evaluation together. */
@NullMarked
package org.errata.trainer;

import org.jspecify.annotations.NullMarked;
