/**
 * The built-in sample library the workbench opens on before any dataset is imported: a few
 * hand-written problems and traces kept in memory, and a run service that replays them
 * token by token (the live view without a model).
 */
@NullMarked
package org.errata.app.services.sample;

import org.jspecify.annotations.NullMarked;
