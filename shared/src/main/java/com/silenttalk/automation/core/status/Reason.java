package com.silenttalk.automation.core.status;

import java.util.Objects;

/** Why a database is not SAFE: which part of the evidence, how bad, and one sentence for people. */
public record Reason(Area area, Verdict verdict, String text) {
    /** Where the reason comes from; secrets, failover and alerts concern the whole platform, so every database. */
    public enum Area {
        SNAPSHOTS, COPIES, DRILL, IMMUTABILITY, SECRETS, FAILOVER, ALERTS;

        public boolean platformWide() {
            return this == SECRETS || this == FAILOVER || this == ALERTS;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Reason {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(text, "text");
        if (verdict == null || verdict == Verdict.SAFE) {
            throw new IllegalArgumentException("a reason is AT RISK or UNKNOWN, got " + verdict);
        }
    }

    static Reason atRisk(Area area, String text) {
        return new Reason(area, Verdict.AT_RISK, text);
    }

    static Reason unknown(Area area, String text) {
        return new Reason(area, Verdict.UNKNOWN, text);
    }
}
