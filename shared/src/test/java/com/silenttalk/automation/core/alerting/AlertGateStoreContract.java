package com.silenttalk.automation.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlertGateStore} promises, stated once and run against each adapter (the
 * in-memory store of the core tests, DynamoDB on dynalite, Table storage on azurite). An
 * adapter's own test extends this and adds only what is particular to its wire format.
 *
 * <p>The contract: a save is conditional on the version read (0: nothing stored), so of two
 * writers that read the same version exactly one wins and no update is ever lost; a state comes
 * back exactly as saved, with its version; {@link AlertGateStore#dueBy} finds a key from the
 * instant its work is due (to the millisecond, never before) until a later save clears it, and
 * never a key with nothing pending.
 */
public abstract class AlertGateStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.250Z");

    /** The store under test, empty at the start of each test. */
    protected abstract AlertGateStore store();

    /** Another handle on the same store, as another container or Functions instance opens it. In-memory: the same store. */
    protected abstract AlertGateStore sameStoreElsewhere();

    protected static Alert alert(String name, AlertState state, Instant at) {
        return new Alert(AlertSource.CLOUDWATCH_EVENT, "123456789012", "eu-west-1", "AWS/ECS",
                "ClusterName=prod,ServiceName=api", name, "CPUUtilization", state, Severity.CRITICAL, "CPU \"high\" — 97 %",
                at.minusSeconds(300), at, DedupeKey.of("aws", "123456789012", "eu-west-1", name),
                URI.create("https://eu-west-1.console.aws.amazon.com/cloudwatch/home#alarmsV2:alarm/" + name),
                Map.of("team", "platform"), Map.of("threshold", "80", "reason", "Threshold Crossed: 1 datapoint [97.1]"));
    }

    /** A key that fired and was delivered, nothing pending. */
    protected static GateKeyState open(Alert firing) {
        return new GateKeyState(AlertState.FIRING, firing.changedAt(), true, firing.changedAt(), firing.changedAt(),
                null, null, List.of(firing.changedAt()), false, 0, 0, null, null);
    }

    /** A fired key whose resolution is held until {@code heldUntil} for a re-fire. */
    protected static GateKeyState held(Alert firing, Alert resolved, Instant heldUntil) {
        return new GateKeyState(AlertState.RESOLVED, resolved.changedAt(), true, firing.changedAt(), firing.changedAt(),
                resolved, heldUntil, List.of(firing.changedAt(), resolved.changedAt()), false, 0, 0, null, null);
    }

    @Test
    void load_whenNothingWasSaved_isEmpty() {
        assertThat(store().load(DedupeKey.of("aws", "nothing"))).isEmpty();
    }

    @Test
    void save_whenFirst_storesVersionOneAndLoadReturnsTheStateAsSaved() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);

        assertThat(store().save(firing.dedupeKey(), open(firing), 0, T0)).isTrue();

        assertThat(sameStoreElsewhere().load(firing.dedupeKey())).contains(new AlertGateStore.Versioned(open(firing), 1));
    }

    @Test
    void save_whenEveryFieldIsSet_roundTripsTheWholeState() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusMillis(61_001));
        Alert refire = alert("api-cpu-high", AlertState.FIRING, T0.plusMillis(62_002));
        GateKeyState everything = new GateKeyState(AlertState.FIRING, refire.changedAt(), true, firing.changedAt(),
                firing.changedAt().plusNanos(1), resolved, T0.plusSeconds(360), List.of(firing.changedAt(),
                resolved.changedAt(), refire.changedAt()), true, 3, 7, refire, T0.plusSeconds(900));

        store().save(firing.dedupeKey(), everything, 0, T0);

        assertThat(sameStoreElsewhere().load(firing.dedupeKey())).contains(new AlertGateStore.Versioned(everything, 1));
    }

    @Test
    void save_whenTwoWritersReadTheSameVersion_exactlyOneWinsAndItsStateStays() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(60));
        GateKeyState a = open(firing);
        GateKeyState b = held(firing, resolved, T0.plusSeconds(360));

        assertThat(store().save(firing.dedupeKey(), a, 0, T0)).isTrue();
        assertThat(sameStoreElsewhere().save(firing.dedupeKey(), b, 0, T0)).isFalse();
        assertThat(sameStoreElsewhere().save(firing.dedupeKey(), b, 1, T0)).isTrue();
        assertThat(store().save(firing.dedupeKey(), a, 1, T0)).isFalse();

        assertThat(store().load(firing.dedupeKey())).contains(new AlertGateStore.Versioned(b, 2));
    }

    @Test
    void save_whenTheExpectedVersionIsAheadOfTheStore_isRefused() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);

        assertThat(store().save(firing.dedupeKey(), open(firing), 3, T0)).isFalse();
        assertThat(store().load(firing.dedupeKey())).isEmpty();

        store().save(firing.dedupeKey(), open(firing), 0, T0);
        assertThat(store().save(firing.dedupeKey(), open(firing), 2, T0)).isFalse();
        assertThat(store().load(firing.dedupeKey())).get().extracting(AlertGateStore.Versioned::version).isEqualTo(1L);
    }

    @Test
    void save_whenEightWritersRetryOnConflict_noUpdateIsLost() throws Exception {
        DedupeKey key = DedupeKey.of("aws", "contended");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                AlertGateStore handle = i % 2 == 0 ? store() : sameStoreElsewhere();
                tasks.add(() -> {
                    go.await();
                    int attempts = 0;
                    while (true) {
                        attempts++;
                        var read = handle.load(key);
                        long version = read.map(AlertGateStore.Versioned::version).orElse(0L);
                        int count = read.map(v -> v.state().suppressedWhileFlapping()).orElse(0);
                        GateKeyState next = new GateKeyState(AlertState.FIRING, T0, true, T0, T0, null, null, List.of(),
                                true, 0, count + 1, null, null);
                        if (handle.save(key, next, version, T0)) {
                            return attempts;
                        }
                    }
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                results.add(pool.submit(task));
            }
            go.countDown();
            for (Future<Integer> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        AlertGateStore.Versioned last = store().load(key).orElseThrow();
        assertThat(last.version()).isEqualTo(writers);
        assertThat(last.state().suppressedWhileFlapping()).isEqualTo(writers);
    }

    @Test
    void dueBy_whenAResolutionIsHeld_findsTheKeyFromItsDueMillisecondOn() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(60));
        Instant due = T0.plusSeconds(360); // .250 past the second: a store that keeps whole seconds says "due" too early

        store().save(firing.dedupeKey(), held(firing, resolved, due), 0, T0.plusSeconds(60));

        assertThat(sameStoreElsewhere().dueBy(due.minusMillis(1))).isEmpty();
        assertThat(sameStoreElsewhere().dueBy(due)).containsExactly(firing.dedupeKey());
        assertThat(sameStoreElsewhere().dueBy(due.plus(Duration.ofDays(2)))).containsExactly(firing.dedupeKey());
    }

    @Test
    void dueBy_whenNothingIsPending_neverFindsTheKey() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);

        store().save(firing.dedupeKey(), open(firing), 0, T0);

        assertThat(sameStoreElsewhere().dueBy(T0.plus(Duration.ofDays(3650)))).isEmpty();
        assertThat(sameStoreElsewhere().load(firing.dedupeKey())).isPresent();
    }

    @Test
    void dueBy_whenALaterSaveClearsTheDueWork_noLongerFindsTheKey() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(60));
        Instant due = T0.plusSeconds(360);
        store().save(firing.dedupeKey(), held(firing, resolved, due), 0, T0);

        store().save(firing.dedupeKey(), open(firing), 1, due);

        assertThat(sameStoreElsewhere().dueBy(due.plusSeconds(1))).isEmpty();
    }

    @Test
    void dueBy_whenSeveralKeysAreDue_findsEachOnceAndOnlyThose() {
        List<DedupeKey> due = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Alert firing = alert("alarm-" + i, AlertState.FIRING, T0);
            Alert resolved = alert("alarm-" + i, AlertState.RESOLVED, T0.plusSeconds(60));
            // alarm-0 and alarm-1 are due by T0 + 400 s; the rest later
            store().save(firing.dedupeKey(), held(firing, resolved, T0.plusSeconds(300 + 100L * i)), 0, T0);
            due.add(firing.dedupeKey());
        }
        Alert quiet = alert("quiet", AlertState.FIRING, T0);
        store().save(quiet.dedupeKey(), open(quiet), 0, T0);

        assertThat(sameStoreElsewhere().dueBy(T0.plusSeconds(400))).containsExactlyInAnyOrder(due.get(0), due.get(1));
        assertThat(sameStoreElsewhere().dueBy(T0.plusSeconds(10_000))).containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void offer_whenTheResolutionReachesTheOtherInstance_isPairedThroughTheStore() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(90));
        StoredAlertGate gateA = new StoredAlertGate(SuppressionPolicy.DEFAULT, store());
        StoredAlertGate gateB = new StoredAlertGate(SuppressionPolicy.DEFAULT, sameStoreElsewhere());

        List<GateDecision> fired = gateA.offer(firing, T0, SuppressionContext.NONE);
        List<GateDecision> repeat = gateB.offer(firing, T0.plusSeconds(30), SuppressionContext.NONE);
        List<GateDecision> held = gateB.offer(resolved, T0.plusSeconds(90), SuppressionContext.NONE);
        List<GateDecision> early = gateA.sweep(T0.plusSeconds(90));
        List<GateDecision> released = gateA.sweep(T0.plusSeconds(90).plus(SuppressionPolicy.DEFAULT.resolveSettle()));

        assertThat(fired).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(repeat).singleElement().isInstanceOf(GateDecision.Suppress.class);
        assertThat(held).singleElement().isInstanceOf(GateDecision.Hold.class);
        assertThat(early).isEmpty();
        assertThat(released).singleElement().isInstanceOf(GateDecision.Deliver.class)
                .extracting(GateDecision::alert).isEqualTo(resolved);
        assertThat(store().load(firing.dedupeKey()).orElseThrow().state().open()).isFalse();
    }
}
