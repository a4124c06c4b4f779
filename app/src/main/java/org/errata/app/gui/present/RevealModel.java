package org.errata.app.gui.present;

import java.util.List;
import org.errata.app.export.TraceCard;

/**
 * Which blocks of a card are on screen: the first {@code shown}. Space reveals the next block
 * (step, verification, error, correction, next attempt, in the trace's order), backspace hides
 * the last. A live card grows; following, the newest block is always shown. No toolkit.
 */
public final class RevealModel {
    private TraceCard card;
    private int shown;
    private boolean follow;

    public RevealModel(TraceCard card) {
        this.card = card;
        this.shown = Math.min(1, card.blocks().size());
    }

    public TraceCard card() { return card; }
    public int shown() { return shown; }
    public int total() { return card.blocks().size(); }
    public boolean atEnd() { return shown >= total(); }

    public List<TraceCard.Block> visible() {
        return card.blocks().subList(0, shown);
    }

    /** Reveals the next block; false at the end. */
    public boolean next() {
        if (atEnd()) return false;
        shown++;
        return true;
    }

    /** Hides the last block; the first always stays. */
    public boolean previous() {
        if (shown <= 1) return false;
        shown--;
        follow = false;
        return true;
    }

    public void restart() {
        shown = Math.min(1, total());
    }

    /** Replaces the card (live runs); when following, everything is shown. */
    public void update(TraceCard newCard, boolean followNewest) {
        this.card = newCard;
        this.follow = followNewest;
        shown = follow ? total() : Math.min(shown, total());
    }

    public boolean following() { return follow; }
}
