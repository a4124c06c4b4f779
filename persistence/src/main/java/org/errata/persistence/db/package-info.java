/**
 * Opening, validating and migrating the SQLite database file, and the connections to it:
 * readers share a small pool, writes run in {@code BEGIN IMMEDIATE} transactions.
 */
@NullMarked
package org.errata.persistence.db;

import org.jspecify.annotations.NullMarked;
