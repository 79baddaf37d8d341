package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link AlertGate} remembers about one alert key, as a value that can be stored and
 * restored elsewhere (another Lambda container, another Functions instance). Fields that do not
 * apply are null.
 *
 * @param lastSeen               the state of the last event seen
 * @param lastChangedAt          its change time (older events are stale)
 * @param open                   a firing was sent and not yet resolved
 * @param changes                recent state-change times, oldest first, for flap detection
 * @param heldResolve            a resolution waiting until {@code heldUntil} for a re-fire
 * @param pendingFire            a firing muted by a flap, sent once quiet ({@code quietCheckAt})
 */
public record GateKeyState(
        AlertState lastSeen,
        Instant lastChangedAt,
        boolean open,
        Instant openedAt,
        Instant lastDeliveredAt,
        Alert heldResolve,
        Instant heldUntil,
        List<Instant> changes,
        boolean flapping,
        int flapChangeCount,
        int suppressedWhileFlapping,
        Alert pendingFire,
        Instant quietCheckAt) {

    public GateKeyState {
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
        if ((heldResolve == null) != (heldUntil == null)) {
            throw new IllegalArgumentException("heldResolve and heldUntil go together");
        }
        if (open && (openedAt == null || lastDeliveredAt == null)) {
            throw new IllegalArgumentException("an open alert has openedAt and lastDeliveredAt");
        }
        if (flapChangeCount < 0 || suppressedWhileFlapping < 0) {
            throw new IllegalArgumentException("flap counts must not be negative");
        }
    }

    /** When a sweep has something to do for this key (a held resolution, a post-flap firing), if ever. */
    public Optional<Instant> dueAt() {
        if (heldUntil == null) {
            return Optional.ofNullable(quietCheckAt);
        }
        return Optional.of(quietCheckAt == null || heldUntil.isBefore(quietCheckAt) ? heldUntil : quietCheckAt);
    }
}
