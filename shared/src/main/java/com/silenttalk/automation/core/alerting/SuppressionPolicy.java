package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link AlertGate} quietens alerts.
 *
 * @param dedupeWindow   a repeated firing of an open alert inside this window is a duplicate;
 *                       after it, the alert is re-sent as a reminder
 * @param flapChanges    N: this many state changes of one alert ...
 * @param flapWindow     M: ... within this window make it "flapping": it is muted until it has
 *                       been quiet for this long
 * @param resolveSettle  a resolution that comes within {@code flapWindow} of its firing is held
 *                       this long; a re-fire in that time cancels both (zero: never held)
 * @param deployGrace    how long after a deployment ends its marker still suppresses firings
 * @param maxTrackedKeys the most alerts the gate remembers (least recently seen are forgotten first)
 */
public record SuppressionPolicy(
        Duration dedupeWindow,
        int flapChanges,
        Duration flapWindow,
        Duration resolveSettle,
        Duration deployGrace,
        int maxTrackedKeys) {

    public static final SuppressionPolicy DEFAULT = new SuppressionPolicy(
            Duration.ofMinutes(30), 3, Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(10), 50_000);

    public SuppressionPolicy {
        positive("dedupeWindow", dedupeWindow);
        positive("flapWindow", flapWindow);
        Objects.requireNonNull(resolveSettle, "resolveSettle");
        Objects.requireNonNull(deployGrace, "deployGrace");
        if (resolveSettle.isNegative()) {
            throw new InvalidFieldException("resolveSettle", "must not be negative");
        }
        if (deployGrace.isNegative()) {
            throw new InvalidFieldException("deployGrace", "must not be negative");
        }
        if (resolveSettle.compareTo(flapWindow) > 0) {
            throw new InvalidFieldException("resolveSettle", "must not be longer than flapWindow");
        }
        if (flapChanges < 2 || flapChanges > 100) {
            throw new InvalidFieldException("flapChanges", "must be 2-100");
        }
        if (maxTrackedKeys < 1 || maxTrackedKeys > 10_000_000) {
            throw new InvalidFieldException("maxTrackedKeys", "must be 1-10000000");
        }
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidFieldException(field, "must be positive");
        }
    }
}
