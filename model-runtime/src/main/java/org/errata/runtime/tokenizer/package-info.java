/**
 * Tokenizer files and chat formatting without engine types: the {@code tokenizer_config.json}
 * reader, the Jinja chat-template renderer, and a writer for small byte-level BPE
 * {@code tokenizer.json} files (used by tests and by the demo model's trainer).
 */
@NullMarked
package org.errata.runtime.tokenizer;

import org.jspecify.annotations.NullMarked;
