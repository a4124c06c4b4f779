package org.errata.app.gui.live;

/** Where the live run stands, as the launcher and status bar show it. */
public enum RunState {
    IDLE, STARTING, RUNNING, STOPPING, FINISHED, STOPPED, FAILED;

    public boolean active() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}
