package com.silenttalk.automation.bench;

import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a window runs, for both the simulated and the real-time run: the Map state's concurrency, what a Lambda
 * does besides its RDS call, RDS's latency and limit, the budget's rate and the SDK's retries.
 *
 * @param createLatencyMedian CreateDBSnapshot and CopyDBSnapshot; lognormal (sigma 0.4) unless {@code fixedLatency}
 * @param sendSpread          the time from a slot to the request's arrival at RDS: uniform up to this
 */
record ScaleSettings(int mapConcurrency, Duration lambdaOverhead, Duration reservationCost, Duration eventDelay,
                     Duration createLatencyMedian, boolean fixedLatency, Duration sendSpread, RetryPolicy retry,
                     int rdsLimitPerSecond, RequestRate rate, double lambdaMemoryGb) {
    /**
     * Step Functions transitions of template.yaml's SnapshotFanOutStateMachine per execution (Databases, EachDatabase,
     * Result) and per Map iteration that succeeds (Census, Snapshot, Done; a failed census adds CensusFailed, a failed
     * snapshot ReportFailure and ends in Failed): SnapshotFanOutStateMachineTest counts them on the replayed definition.
     */
    static final int TRANSITIONS_PER_EXECUTION = 3;
    static final int TRANSITIONS_PER_ITERATION = 3;
    /**
     * What a snapshot branch sends to RDS, in order, as {@link RdsSnapshotStore} plans a take: the quota's listings of
     * the region's manual snapshots (DescribeDBSnapshots, DescribeDBClusterSnapshots: one page each while the quota
     * of 100 holds them), then the create. Each waits for its own slot in the bucket.
     */
    static final List<String> SNAPSHOT_BRANCH_REQUESTS = snapshotBranchRequests();

    private static List<String> snapshotBranchRequests() {
        DatabaseId db = new DatabaseId("db");
        RdsSnapshotStore store = new RdsSnapshotStore(() -> {
            throw new IllegalStateException("only planned");
        }, "eu-west-1", "123456789012", Map.of(db, AwsSettings.RdsKind.INSTANCE), ManifestSource.NONE, Clock.systemUTC());
        List<String> requests = new ArrayList<>(store.plannedList().stream().map(PlannedCall::operation).toList());
        requests.add(store.plannedTake(db, new SnapshotId("st-auto-db-20260301t0600z")).operation());
        return List.copyOf(requests);
    }

    /** The ListTargets Lambda: reads the targets and returns the Map's items. */
    static final Duration LIST_TARGETS = Duration.ofMillis(250);

    Duration latency(Random random) {
        if (fixedLatency) {
            return createLatencyMedian;
        }
        return ScaleFleet.logNormal(random, createLatencyMedian, 0.4, Duration.ofMillis(20), createLatencyMedian.multipliedBy(10));
    }

    Duration spread(Random random) {
        return Duration.ofNanos((long) (random.nextDouble() * sendSpread.toNanos()));
    }

    /** The SDK's wait before retry {@code attempt} (1-based count of attempts made): full jitter, doubling. */
    Duration backoff(Random random, int attempt) {
        long cap = Math.min(retry.maxDelay().toNanos(), retry.baseDelay().toNanos() << Math.min(attempt - 1, 20));
        return Duration.ofNanos((long) (random.nextDouble() * cap));
    }
}
