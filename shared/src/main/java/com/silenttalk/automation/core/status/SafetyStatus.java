package com.silenttalk.automation.core.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The whole answer at one instant: every database's verdict and the platform's part in it. */
public record SafetyStatus(Instant at, StatusPolicy policy, List<DatabaseStatus> databases, PlatformStatus platform) {
    public SafetyStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(platform, "platform");
        databases = List.copyOf(databases);
    }

    /** The worst database's verdict; UNKNOWN when there is no database at all. */
    public Verdict overall() {
        if (databases.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        return databases.stream().map(DatabaseStatus::verdict).reduce(Verdict.SAFE, Verdict::worse);
    }
}
