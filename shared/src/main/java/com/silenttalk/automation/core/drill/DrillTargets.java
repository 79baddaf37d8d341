package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;

/** Recovery objectives a drill is measured against. */
public record DrillTargets(Duration rto, Duration rpo) {
    public static final DrillTargets DEFAULT = new DrillTargets(Duration.ofMinutes(30), Duration.ofHours(6));

    public DrillTargets {
        if (rto == null || rto.isNegative() || rto.isZero()) {
            throw new InvalidFieldException("rtoTarget", "must be a positive duration, got " + rto);
        }
        if (rpo == null || rpo.isNegative() || rpo.isZero()) {
            throw new InvalidFieldException("rpoTarget", "must be a positive duration, got " + rpo);
        }
    }
}
