package com.silenttalk.automation.core.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import com.silenttalk.automation.core.UntrustedText;

/**
 * Decides which alerts are sent: dedupe, flap suppression, maintenance windows, deployment
 * markers and firing/resolution pairing. It keeps a little state per {@link DedupeKey}, in
 * bounded memory ({@link SuppressionPolicy#maxTrackedKeys}, least recently seen forgotten
 * first), and reads time only from the {@code now} it is given.
 * <p>
 * The rules, per alert key:
 * <ul>
 *   <li>A firing opens the alert's thread and is sent. A repeated firing while it is open is a
 *       duplicate inside the dedupe window and a reminder after it.</li>
 *   <li>A resolution closes the thread and is sent only if a firing was sent (pairing). One
 *       that follows its firing within the flap window is held for the settle time; a re-fire in
 *       that time cancels it, so a flap never reaches people as resolve/fire pairs.</li>
 *   <li>N state changes within M minutes make the alert flapping: it is muted until quiet for
 *       M. The next delivery carries a "flapping" note. If it ends up firing with nothing open,
 *       {@link #sweep} sends that firing once the alert is quiet, so nothing is lost.</li>
 *   <li>Firings inside a maintenance window or a deployment marker are not sent and open nothing.</li>
 *   <li>A resolution for an alert the gate does not know (first seen, or forgotten) is sent:
 *       the state may have been lost, and a stray resolution is harmless.</li>
 *   <li>An event older than the last change seen for its key is stale and dropped.</li>
 * </ul>
 * Thread-safe: every public method locks the gate.
 */
public final class AlertGate implements SuppressionGate {
    private final SuppressionPolicy policy;
    private final LinkedHashMap<DedupeKey, KeyState> states;
    /** Held resolutions by release time, so {@link #sweep} does not scan every key. */
    private final TreeMap<Instant, Set<DedupeKey>> holds = new TreeMap<>();
    /**
     * Keys whose firing was muted by a flap and is still due, by the time their flap may be quiet
     * (at most one entry per key; a key that changed since is re-filed when its entry comes due),
     * so {@link #sweep} never scans every key.
     */
    private final TreeMap<Instant, Set<DedupeKey>> quietChecks = new TreeMap<>();
    private final List<GateDecision> evicted = new ArrayList<>();

    private static final class KeyState {
        AlertState lastSeen;
        Instant lastChangedAt;
        boolean open;
        Instant openedAt;
        Instant lastDeliveredAt;
        Alert heldResolve;
        Instant heldUntil;
        final ArrayDeque<Instant> changes = new ArrayDeque<>();
        boolean flapping;
        int flapChangeCount;
        int suppressedWhileFlapping;
        Alert pendingFire;
        Instant quietCheckAt;
    }

    public AlertGate(SuppressionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        int cap = policy.maxTrackedKeys();
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DedupeKey, KeyState> eldest) {
                if (size() <= cap) {
                    return false;
                }
                KeyState s = eldest.getValue();
                if (s.heldResolve != null) {
                    // Forgetting a held resolution must not lose it: it is released now.
                    unhold(eldest.getKey(), s);
                    evicted.add(new GateDecision.Deliver(s.heldResolve, "released early: the gate is full"));
                }
                if (s.quietCheckAt != null) {
                    unfileQuietCheck(eldest.getKey(), s);
                }
                if (s.pendingFire != null) {
                    evicted.add(new GateDecision.Deliver(s.pendingFire, "released early: the gate is full"));
                }
                return true;
            }
        };
    }

    /**
     * Judges one alert at {@code now}. The result first lists held resolutions of any alert
     * that are due (or released by eviction), then the decision for this alert.
     */
    @Override
    public synchronized List<GateDecision> offer(Alert alert, Instant now, SuppressionContext context) {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(context, "context");
        List<GateDecision> out = new ArrayList<>(sweepLocked(now));
        KeyState s = states.get(alert.dedupeKey());
        boolean known = s != null;
        if (!known) {
            s = new KeyState();
            states.put(alert.dedupeKey(), s);
            out.addAll(evicted);
            evicted.clear();
        }
        out.add(decide(alert, s, known, now, context));
        return out;
    }

    /** Releases held resolutions that are due, and firings left over from a flap that is now quiet. */
    @Override
    public synchronized List<GateDecision> sweep(Instant now) {
        return sweepLocked(now);
    }

    /** What the gate remembers about {@code key}, to store elsewhere; empty if it remembers nothing. */
    public synchronized Optional<GateKeyState> export(DedupeKey key) {
        KeyState s = states.get(key);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new GateKeyState(s.lastSeen, s.lastChangedAt, s.open, s.openedAt, s.lastDeliveredAt,
                s.heldResolve, s.heldUntil, List.copyOf(s.changes), s.flapping, s.flapChangeCount,
                s.suppressedWhileFlapping, s.pendingFire, s.quietCheckAt));
    }

    /** Replaces what the gate remembers about {@code key} with a stored state (its due work is filed for {@link #sweep}). */
    public synchronized void restore(DedupeKey key, GateKeyState stored) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stored, "stored");
        KeyState old = states.remove(key);
        if (old != null) {
            if (old.heldResolve != null) {
                unhold(key, old);
            }
            if (old.quietCheckAt != null) {
                unfileQuietCheck(key, old);
            }
        }
        KeyState s = new KeyState();
        s.lastSeen = stored.lastSeen();
        s.lastChangedAt = stored.lastChangedAt();
        s.open = stored.open();
        s.openedAt = stored.openedAt();
        s.lastDeliveredAt = stored.lastDeliveredAt();
        s.changes.addAll(stored.changes());
        s.flapping = stored.flapping();
        s.flapChangeCount = stored.flapChangeCount();
        s.suppressedWhileFlapping = stored.suppressedWhileFlapping();
        s.pendingFire = stored.pendingFire();
        states.put(key, s);
        if (stored.heldResolve() != null) {
            s.heldResolve = stored.heldResolve();
            s.heldUntil = stored.heldUntil();
            holds.computeIfAbsent(s.heldUntil, t -> new LinkedHashSet<>()).add(key);
        }
        if (stored.quietCheckAt() != null) {
            fileQuietCheck(key, s, stored.quietCheckAt());
        }
    }

    /** How many alert keys the gate remembers now; never more than {@link SuppressionPolicy#maxTrackedKeys()}. */
    public synchronized int trackedKeys() {
        return states.size();
    }

    private GateDecision decide(Alert alert, KeyState s, boolean known, Instant now, SuppressionContext context) {
        if (s.lastChangedAt != null && alert.changedAt().isBefore(s.lastChangedAt)) {
            return new GateDecision.Suppress(alert, "stale: older than the last change seen (" + s.lastChangedAt + ")");
        }
        boolean change = s.lastSeen != alert.state();
        if (change) {
            recordChange(s, now);
        }
        s.lastSeen = alert.state();
        s.lastChangedAt = alert.changedAt();
        return alert.isFiring() ? fire(alert, s, now, context) : resolve(alert, s, known, now);
    }

    private void recordChange(KeyState s, Instant now) {
        Instant last = s.changes.peekLast();
        if (s.flapping && last != null && !now.isBefore(last.plus(policy.flapWindow()))) {
            endFlap(s);
        }
        s.changes.addLast(now);
        Instant horizon = now.minus(policy.flapWindow());
        while (!s.changes.isEmpty() && !s.changes.peekFirst().isAfter(horizon)) {
            s.changes.removeFirst();
        }
        while (s.changes.size() > policy.flapChanges()) {
            s.changes.removeFirst();
        }
        if (s.flapping) {
            s.flapChangeCount++;
        } else if (s.changes.size() >= policy.flapChanges()) {
            s.flapping = true;
            s.flapChangeCount = s.changes.size();
        }
    }

    private GateDecision fire(Alert alert, KeyState s, Instant now, SuppressionContext context) {
        if (s.heldResolve != null) {
            // It came back before its resolution went out: the thread stays open, nothing to say.
            unhold(alert.dedupeKey(), s);
            s.heldResolve = null;
            s.suppressedWhileFlapping++;
            return new GateDecision.Suppress(alert, "re-fired before its resolution was sent" + flapSuffix(s));
        }
        for (MaintenanceWindow w : context.maintenance()) {
            if (w.covers(alert, now)) {
                return new GateDecision.Suppress(alert, "maintenance window " + UntrustedText.quoted(w.name()) + " until " + w.end());
            }
        }
        for (DeploymentMarker d : context.deployments()) {
            if (d.covers(alert, now, policy.deployGrace())) {
                return new GateDecision.Suppress(alert, "deployment " + d.deploymentId() + " in progress");
            }
        }
        if (s.open) {
            if (Duration.between(s.lastDeliveredAt, now).compareTo(policy.dedupeWindow()) < 0) {
                return new GateDecision.Suppress(alert, "duplicate: already sent at " + s.lastDeliveredAt);
            }
            s.lastDeliveredAt = now;
            return new GateDecision.Deliver(alert, "still firing since " + s.openedAt);
        }
        if (s.flapping) {
            s.suppressedWhileFlapping++;
            s.pendingFire = alert;
            if (s.quietCheckAt == null) {
                fileQuietCheck(alert.dedupeKey(), s, s.changes.peekLast().plus(policy.flapWindow()));
            }
            return new GateDecision.Suppress(alert, "flapping: muted until quiet for " + policy.flapWindow());
        }
        return open(alert, s, now, takeFlapNote(s));
    }

    private GateDecision resolve(Alert alert, KeyState s, boolean known, Instant now) {
        s.pendingFire = null;
        if (!known) {
            return new GateDecision.Deliver(alert, "resolution of an alert this runner has not seen fire");
        }
        if (!s.open) {
            return new GateDecision.Suppress(alert, "nothing open to resolve (its firing was not sent)");
        }
        if (s.heldResolve != null) {
            return new GateDecision.Suppress(alert, "duplicate: a resolution is already held until " + s.heldUntil);
        }
        if (!policy.resolveSettle().isZero() && now.isBefore(s.openedAt.plus(policy.flapWindow()))) {
            s.heldResolve = alert;
            s.heldUntil = now.plus(policy.resolveSettle());
            holds.computeIfAbsent(s.heldUntil, t -> new LinkedHashSet<>()).add(alert.dedupeKey());
            return new GateDecision.Hold(alert, s.heldUntil);
        }
        return close(alert, s, takeFlapNote(s));
    }

    private List<GateDecision> sweepLocked(Instant now) {
        List<GateDecision> out = new ArrayList<>();
        while (!holds.isEmpty() && !holds.firstKey().isAfter(now)) {
            Map.Entry<Instant, Set<DedupeKey>> due = holds.pollFirstEntry();
            for (DedupeKey key : due.getValue()) {
                KeyState s = states.get(key);
                if (s != null && s.heldResolve != null) {
                    Alert held = s.heldResolve;
                    s.heldResolve = null;
                    s.heldUntil = null;
                    out.add(close(held, s, takeFlapNote(s)));
                }
            }
        }
        // Flaps that went quiet with the alert still firing and nothing open: send that firing now.
        while (!quietChecks.isEmpty() && !quietChecks.firstKey().isAfter(now)) {
            Map.Entry<Instant, Set<DedupeKey>> due = quietChecks.pollFirstEntry();
            for (DedupeKey key : due.getValue()) {
                KeyState s = states.get(key);
                if (s == null) {
                    continue;
                }
                s.quietCheckAt = null;
                if (s.pendingFire == null) {
                    continue;
                }
                Instant quietAt = s.flapping ? s.changes.peekLast().plus(policy.flapWindow()) : now;
                if (quietAt.isAfter(now)) {
                    fileQuietCheck(key, s, quietAt);
                    continue;
                }
                Alert pending = s.pendingFire;
                String note = takeFlapNote(s);
                endFlap(s);
                s.pendingFire = null;
                out.add(s.open ? new GateDecision.Suppress(pending, "already open") : open(pending, s, now, note));
            }
        }
        return out;
    }

    private GateDecision open(Alert alert, KeyState s, Instant now, String note) {
        s.open = true;
        s.openedAt = now;
        s.lastDeliveredAt = now;
        return new GateDecision.Deliver(alert, note);
    }

    private GateDecision close(Alert alert, KeyState s, String note) {
        s.open = false;
        return new GateDecision.Deliver(alert, note);
    }

    private void unhold(DedupeKey key, KeyState s) {
        Set<DedupeKey> at = holds.get(s.heldUntil);
        if (at != null) {
            at.remove(key);
            if (at.isEmpty()) {
                holds.remove(s.heldUntil);
            }
        }
        s.heldUntil = null;
    }

    private void fileQuietCheck(DedupeKey key, KeyState s, Instant at) {
        s.quietCheckAt = at;
        quietChecks.computeIfAbsent(at, t -> new LinkedHashSet<>()).add(key);
    }

    private void unfileQuietCheck(DedupeKey key, KeyState s) {
        Set<DedupeKey> at = quietChecks.get(s.quietCheckAt);
        if (at != null) {
            at.remove(key);
            if (at.isEmpty()) {
                quietChecks.remove(s.quietCheckAt);
            }
        }
        s.quietCheckAt = null;
    }

    private void endFlap(KeyState s) {
        s.flapping = false;
        s.flapChangeCount = 0;
        s.suppressedWhileFlapping = 0;
        s.changes.clear();
    }

    /** The "flapping" note, once per flap episode: on the first delivery after the flap began. */
    private String takeFlapNote(KeyState s) {
        if (!s.flapping || s.flapChangeCount == 0) {
            return null;
        }
        String note = "flapping: " + s.flapChangeCount + " state changes (" + policy.flapChanges() + " within "
                + policy.flapWindow() + " make a flap), " + s.suppressedWhileFlapping + " suppressed";
        s.flapChangeCount = 0;
        s.suppressedWhileFlapping = 0;
        return note;
    }

    private String flapSuffix(KeyState s) {
        return s.flapping ? " (flapping)" : "";
    }
}
