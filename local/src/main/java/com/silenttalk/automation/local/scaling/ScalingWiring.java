package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.ReadOnlyLedger;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The scaling capability's wiring, built from the configuration: the alarm reader, the capacity file
 * ({@code <stateDir>/scaling/capacity.json}), and {@link ScaleOnAlarm} over the ledger and the drills and
 * failovers it records. A dry-run's ledger only reads (and is empty when no ledger was ever written).
 */
public final class ScalingWiring {
    /** Far above any tier this scales (3..10), low enough that no count arithmetic overflows. */
    static final int MAX_CURRENT = 10_000;

    private final OpsConfig config;
    private final Clock clock;
    private final FileCapacity capacity;

    public static ScalingWiring of(OpsConfig config, Clock clock) {
        return new ScalingWiring(config, clock);
    }

    private ScalingWiring(OpsConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = new FileCapacity(config.stateDir().resolve("scaling").resolve("capacity.json"));
    }

    /** The alarm reader (CloudWatch, SNS, Azure Monitor); it needs no configuration, so a bad event is refused first. */
    public static AlertEventReader eventReader() {
        return new AlertEventReader();
    }

    public FileCapacity capacity() {
        return capacity;
    }

    public ScaleOnAlarm scaleOnAlarm(boolean dryRun) {
        RunLedger ledger = dryRun && !Files.isDirectory(config.ledgerDir()) ? ReadOnlyLedger.empty()
                : new FileRunLedger(config.ledgerDir());
        return new ScaleOnAlarm(capacity, new LedgerActiveOperations(config.ledgerDir()),
                dryRun ? ReadOnlyLedger.over(ledger) : ledger, ScalingPolicy.DEFAULT, clock);
    }

    /**
     * The count a decision starts from, and why it was assumed (null when it was not): --current, else the recorded
     * count; a dry-run with neither assumes the policy's minimum. Empty otherwise: the use case reads it.
     */
    record StartingCount(OptionalInt count, String assumed) {
    }

    /** Refuses a --current that is no count of instances before anything is read. */
    static void checkCurrent(Integer current) {
        if (current != null && (current < 0 || current > MAX_CURRENT)) {
            throw new InvalidFieldException("--current", "must be a count of instances between 0 and " + MAX_CURRENT + ", got " + current);
        }
    }

    StartingCount startingCount(ScalingTarget target, Integer current, boolean dryRun) {
        OptionalInt known = current != null ? OptionalInt.of(current) : capacity.recorded(target);
        if (known.isEmpty() && dryRun) {
            return new StartingCount(OptionalInt.of(ScalingPolicy.DEFAULT.minCount()),
                    "no recorded count for " + target + "; assumed the minimum (pass --current N)");
        }
        return new StartingCount(known, null);
    }
}
