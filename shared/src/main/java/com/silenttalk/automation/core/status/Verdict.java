package com.silenttalk.automation.core.status;

/** The answer to "are we safe right now?" for one database. */
public enum Verdict {
    SAFE("SAFE"),
    /** Something known is wrong: a late snapshot, a failed drill, an overdue rotation, a plan nobody approved. */
    AT_RISK("AT RISK"),
    /** The evidence to decide is missing: no snapshot or no drill on record. */
    UNKNOWN("UNKNOWN");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** AT RISK over UNKNOWN over SAFE: a known problem outranks missing evidence. */
    public Verdict worse(Verdict other) {
        return rank() >= other.rank() ? this : other;
    }

    private int rank() {
        return switch (this) {
            case SAFE -> 0;
            case UNKNOWN -> 1;
            case AT_RISK -> 2;
        };
    }
}
