/**
 * Reads and writes the safetensors weight format without loading whole files: a reader that
 * memory-maps each tensor's bytes (shards of several GiB), a sharded-checkpoint view over
 * {@code model.safetensors.index.json}, and a writer. No engine types appear here.
 */
@NullMarked
package org.errata.runtime.safetensors;

import org.jspecify.annotations.NullMarked;
