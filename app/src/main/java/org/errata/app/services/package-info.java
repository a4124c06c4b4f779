/**
 * Services the workbench and the command line share: reading the library (datasets, problems,
 * runs, traces) and starting runs. No JavaFX here; views reach these only through view models.
 */
@NullMarked
package org.errata.app.services;

import org.jspecify.annotations.NullMarked;
