/**
 * Services the command line and the workbench share. No JavaFX here: view models call these
 * off the FX thread, the CLI calls them directly.
 */
@NullMarked
package org.errata.app.services;

import org.jspecify.annotations.NullMarked;
