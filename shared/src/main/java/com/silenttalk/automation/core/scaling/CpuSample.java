package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.util.Objects;

/** One CPU utilisation datapoint, in percent. */
public record CpuSample(Instant at, double percent) {
    public CpuSample {
        Objects.requireNonNull(at, "at");
        if (!(percent >= 0 && percent <= 100)) {
            throw new InvalidFieldException("cpu.percent", "must be 0-100, got " + percent);
        }
    }
}
