package org.errata.persistence.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an export writes. */
public enum ExportFormat {
    /** A dataset's problems, or a run's traces with all their nodes (one JSON object per line). */
    JSONL,
    /** One ProcessBench item per labelled attempt. */
    PROCESSBENCH,
    /** One PRM800K-shaped label line per labelled attempt. */
    PRM800K,
    /** Every attempt of a run as a Potato item to label with Potato's process_reward scheme. */
    POTATO,
    /** One line per label in the shape of Potato's process-reward export. */
    POTATO_PRM,
    /** TRL SFT items for a run, shaped by its strategy (see {@link TrainingSets}). */
    TRL_SFT,
    /** TRL DPO pairs (conversational). */
    TRL_DPO,
    /** TRL stepwise-supervision (PRM) items. */
    TRL_PRM,
    /** OpenRLHF DPO pairs (prompt / chosen / rejected strings). */
    OPENRLHF_DPO,
    /** OpenRLHF PRM items (input with step placeholders, +/- labels). */
    OPENRLHF_PRM;

    /** The name on the command line: {@code jsonl}, {@code trl-sft}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a training set made from a run's traces. */
    public boolean training() {
        return ordinal() >= TRL_SFT.ordinal();
    }

    public static Optional<ExportFormat> fromName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
