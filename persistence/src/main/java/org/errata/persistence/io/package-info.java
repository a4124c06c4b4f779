/**
 * Import of benchmark, evaluation-output and label files (format detection included) and
 * export of datasets and runs as JSONL, ProcessBench and PRM800K shapes.
 */
@NullMarked
package org.errata.persistence.io;

import org.jspecify.annotations.NullMarked;
