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
    OPENRLHF_PRM,
    /** S²R partial trajectories: the first actions of a stream in the prompt, the rest as the completion (TRL conversational). */
    TRL_SFT_PARTIAL,
    /** Outcome- and process-level reward lines of single-pass streams (S²R, SPOC): one reward per solution and per verification. */
    REWARDS,
    /** SPOC PairSFT from any run: verified streams, and pairs synthesised from independent samples the model checked itself. */
    SPOC_PAIRSFT;

    /** The name on the command line: {@code jsonl}, {@code trl-sft}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a training set made from a run's traces. */
    public boolean training() {
        return ordinal() >= TRL_SFT.ordinal();
    }

    /** What the format writes, in one line of at most 60 characters (for {@code errata export --help}). */
    public String description() {
        return switch (this) {
            case JSONL -> "a dataset's problems, or a run's traces with every node";
            case PROCESSBENCH -> "one ProcessBench item per labelled attempt";
            case PRM800K -> "one PRM800K label line per labelled attempt";
            case POTATO -> "every attempt as a Potato item to label";
            case POTATO_PRM -> "labels as Potato's process-reward export";
            case TRL_SFT -> "TRL SFT items, shaped by the run's strategy";
            case TRL_DPO -> "TRL preference pairs (conversational)";
            case TRL_PRM -> "TRL stepwise supervision (prompt/completions/labels)";
            case OPENRLHF_DPO -> "OpenRLHF preference pairs (prompt/chosen/rejected)";
            case OPENRLHF_PRM -> "OpenRLHF PRM items (input with ки, +/- labels)";
            case TRL_SFT_PARTIAL -> "S²R partial trajectories, TRL conversational";
            case REWARDS -> "outcome and per-action rewards of SPOC/S²R streams";
            case SPOC_PAIRSFT -> "SPOC PairSFT from streams and self-checked samples";
        };
    }

    public static Optional<ExportFormat> fromName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
