/**
 * Labelling solutions step by step, without a toolkit: the queue of items, the keyboard actions
 * as undoable commands, the keymap, and agreement between annotators over stored labels.
 */
@NullMarked
package org.errata.app.annotate;

import org.jspecify.annotations.NullMarked;
