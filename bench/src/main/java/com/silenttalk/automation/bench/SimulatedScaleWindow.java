package com.silenttalk.automation.bench;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One window on a simulated clock (a discrete-event simulation: nothing sleeps, time jumps to the next event).
 * What is real: the {@link RequestBudget} (the adapter passed in, reserving slots at the simulated instants), and
 * the rules: the Map state runs at most {@code mapConcurrency} iterations, each a census Lambda then a snapshot
 * Lambda whose CreateDBSnapshot waits for its slot; the snapshot's "available" event starts the copier Lambda,
 * whose CopyDBSnapshot waits for a slot of the DR region's bucket. What is modelled: RDS (a calendar second past
 * {@code rdsLimitPerSecond} arrivals answers Throttling, every answer after the modelled latency), the SDK's
 * retries (full-jitter backoff, each attempt a new slot), durations.
 */
final class SimulatedScaleWindow {
    private record Event(long at, long seq, Runnable action) {
    }

    private final ScaleFleet fleet;
    private final ScaleSettings settings;
    private final RequestBudget budget;
    private final Random random;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Map<RequestBucket, Map<Long, Integer>> rdsSeconds = new HashMap<>();
    private long seq;
    private ScaleWindowFigures figures;

    SimulatedScaleWindow(ScaleFleet fleet, ScaleSettings settings, RequestBudget budget, long seed) {
        this.fleet = fleet;
        this.settings = settings;
        this.budget = budget;
        this.random = new Random(seed);
    }

    ScaleWindowFigures run(Instant start) {
        figures = new ScaleWindowFigures(start, fleet.databases().size());
        figures.transitions(ScaleSettings.TRANSITIONS_PER_EXECUTION);
        figures.invoked(ScaleSettings.LIST_TARGETS);
        long mapStart = ScaleSettings.LIST_TARGETS.toNanos();
        Deque<ScaleFleet.Database> waiting = new ArrayDeque<>(fleet.databases());
        for (int i = 0; i < settings.mapConcurrency() && !waiting.isEmpty(); i++) {
            ScaleFleet.Database db = waiting.poll();
            at(mapStart, () -> iteration(db, waiting));
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            now = e.at;
            e.action.run();
        }
        return figures;
    }

    private long now;

    private void at(long nanos, Runnable action) {
        events.add(new Event(nanos, seq++, action));
    }

    private Instant instant(long nanos) {
        return figures.start.plusNanos(nanos);
    }

    /** Census, then snapshot; when it ends the Map starts the next waiting database. */
    private void iteration(ScaleFleet.Database db, Deque<ScaleFleet.Database> waiting) {
        figures.transitions(ScaleSettings.TRANSITIONS_PER_ITERATION);
        Duration census = db.census().plus(settings.lambdaOverhead());
        figures.invoked(census);
        long snapshotStart = now + census.toNanos();
        at(snapshotStart, () -> rdsCalls(db.bucket(), ScaleSettings.SNAPSHOT_BRANCH_REQUESTS, (answeredAt, arrivedAt) -> {
            long end = answeredAt + settings.lambdaOverhead().toNanos();
            figures.invoked(Duration.ofNanos(end - snapshotStart));
            if (arrivedAt != null) {
                // RDS's "snapshot created" event starts the copier (timed from the answer, as the real-time run can)
                long copierStart = answeredAt + db.snapshot().toNanos() + settings.eventDelay().toNanos();
                at(copierStart, () -> rdsCall(db.drBucket(), "CopyDBSnapshot", 1, (copyAnswered, copyArrived) ->
                        figures.invoked(Duration.ofNanos(copyAnswered + settings.lambdaOverhead().toNanos() - copierStart))));
            }
            ScaleFleet.Database next = waiting.poll();
            if (next != null) {
                at(end, () -> iteration(next, waiting));
            }
        }));
    }

    /**
     * A branch's requests one after another, each when the one before is answered; {@code done} gets the last answer,
     * and a null arrival when one of them was throttled on every attempt (the branch fails: nothing after it is sent).
     */
    private void rdsCalls(RequestBucket bucket, List<String> actions, BiConsumer<Long, Long> done) {
        rdsCall(bucket, actions.get(0), 1, (answeredAt, arrivedAt) -> {
            if (arrivedAt == null || actions.size() == 1) {
                done.accept(answeredAt, arrivedAt);
            } else {
                rdsCalls(bucket, actions.subList(1, actions.size()), done);
            }
        });
    }

    /**
     * One SDK call: reserve a slot (one conditional UpdateItem), send, RDS answers; a Throttling answer is retried
     * after the backoff with a new slot, up to the retry policy's attempts. {@code done} gets the time of the
     * answer and the arrival time of the request that succeeded (null when every attempt was throttled).
     */
    private void rdsCall(RequestBucket bucket, String action, int attempt, BiConsumer<Long, Long> done) {
        long reserveAt = now + settings.reservationCost().toNanos();
        Instant slot = budget.reserve(bucket, instant(reserveAt));
        long sendAt = Math.max(reserveAt, Duration.between(figures.start, slot).toNanos());
        long arrival = sendAt + settings.spread(random).toNanos();
        Instant arrivalInstant = instant(arrival);
        int inSecond = rdsSeconds.computeIfAbsent(bucket, b -> new HashMap<>()).merge(arrivalInstant.getEpochSecond(), 1, Integer::sum);
        boolean throttled = inSecond > settings.rdsLimitPerSecond();
        figures.arrived(new ScaleWindowFigures.Arrival(bucket, arrivalInstant, action, throttled));
        long answered = arrival + settings.latency(random).toNanos();
        if (!throttled) {
            at(answered, () -> done.accept(answered, arrival));
        } else if (attempt < settings.retry().maxAttempts()) {
            long retryAt = answered + settings.backoff(random, attempt).toNanos();
            at(retryAt, () -> rdsCall(bucket, action, attempt + 1, done));
        } else {
            figures.failed();
            at(answered, () -> done.accept(answered, null));
        }
    }
}
