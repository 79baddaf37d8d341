package com.silenttalk.automation.bench;

import com.silenttalk.automation.core.ledger.RequestBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one six-hour window cost and took, counted the same way by the simulated and the real-time runs: every
 * RDS request's arrival time per bucket (account + region), throttled answers, when the last snapshot and the
 * last copy were requested, and the Lambda invocations, billed GB-seconds and Step Functions state transitions.
 */
final class ScaleWindowFigures {
    record Arrival(RequestBucket bucket, Instant at, String action, boolean throttled) {
    }

    final Instant start;
    final int databases;
    private final Map<RequestBucket, Map<Long, Integer>> perSecond = new HashMap<>();
    long requests;
    long throttled;
    long snapshotsRequested;
    long copiesRequested;
    long failedCalls;
    Instant lastSnapshotRequested;
    Instant lastCopyRequested;
    long lambdaInvocations;
    long lambdaBilledMillis;
    long stateTransitions;

    ScaleWindowFigures(Instant start, int databases) {
        this.start = start;
        this.databases = databases;
    }

    synchronized void arrived(Arrival a) {
        requests++;
        perSecond.computeIfAbsent(a.bucket(), b -> new HashMap<>()).merge(a.at().getEpochSecond(), 1, Integer::sum);
        if (a.throttled()) {
            throttled++;
            return;
        }
        if (a.action().equals("CreateDBSnapshot")) {
            snapshotsRequested++;
            lastSnapshotRequested = later(lastSnapshotRequested, a.at());
        } else if (a.action().equals("CopyDBSnapshot")) {
            copiesRequested++;
            lastCopyRequested = later(lastCopyRequested, a.at());
        }
    }

    synchronized void arrivedAll(List<Arrival> arrivals) {
        arrivals.forEach(this::arrived);
    }

    /** One Lambda invocation of {@code duration}, billed rounded up to the millisecond. */
    synchronized void invoked(Duration duration) {
        lambdaInvocations++;
        lambdaBilledMillis += (duration.toNanos() + 999_999) / 1_000_000;
    }

    synchronized void transitions(int n) {
        stateTransitions += n;
    }

    synchronized void failed() {
        failedCalls++;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** The most requests any bucket received in one calendar second. */
    synchronized int maxPerSecond() {
        return perSecond.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).max().orElse(0);
    }

    Duration snapshotsRequestedWithin() {
        return lastSnapshotRequested == null ? Duration.ZERO : Duration.between(start, lastSnapshotRequested);
    }

    Duration copiesRequestedWithin() {
        return lastCopyRequested == null ? Duration.ZERO : Duration.between(start, lastCopyRequested);
    }

    double gbSeconds(double memoryGb) {
        return lambdaBilledMillis / 1000.0 * memoryGb;
    }
}
