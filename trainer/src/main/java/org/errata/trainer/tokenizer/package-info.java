/** The demo model's word-level Hugging Face tokenizer and chat template, written as files. */
@NullMarked
package org.errata.trainer.tokenizer;

import org.jspecify.annotations.NullMarked;
