/** Files in and out of the window: the File menu, files dropped on the library, and the dialogs that ask for them. */
@NullMarked
package org.errata.app.gui.files;

import org.jspecify.annotations.NullMarked;
