package com.silenttalk.automation.bench;

import com.silenttalk.automation.aws.ledger.RequestBudgetInterceptor;
import com.silenttalk.automation.aws.runtime.NoDelayHttpClient;
import com.silenttalk.automation.aws.testing.RateLimitedRdsApi;
import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import com.silenttalk.automation.core.ledger.RequestPacer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * One window in real time, to check the simulation against: the same fleet and rules, run by threads (the Map's
 * iterations, at most {@code mapConcurrency} at once; the copier Lambdas on a scheduler), every RDS request made by
 * the real SDK v2 RDS client through {@link RequestBudgetInterceptor} (the budget passed in, a {@link RequestPacer}
 * on the system clock) against {@link RateLimitedRdsApi}, one per account and region, throttling past the limit.
 * Census and Lambda overheads are sleeps.
 */
final class RealTimeScaleWindow {
    private final ScaleFleet fleet;
    private final ScaleSettings settings;
    private final RequestBudget budget;

    RealTimeScaleWindow(ScaleFleet fleet, ScaleSettings settings, RequestBudget budget) {
        this.fleet = fleet;
        this.settings = settings;
        this.budget = budget;
    }

    ScaleWindowFigures run() throws IOException, InterruptedException, ExecutionException {
        Map<RequestBucket, RateLimitedRdsApi> apis = new LinkedHashMap<>();
        Map<RequestBucket, RdsClient> clients = new LinkedHashMap<>();
        SdkHttpClient http = NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30));
        ExecutorService map = Executors.newFixedThreadPool(settings.mapConcurrency());
        ScheduledExecutorService copiers = Executors.newScheduledThreadPool(32);
        RequestPacer pacer = new RequestPacer(budget, settings.rate(), Clock.systemUTC(), RequestPacer.Sleeper.THREAD);
        try {
            for (ScaleFleet.Database db : fleet.databases()) {
                for (RequestBucket bucket : List.of(db.bucket(), db.drBucket())) {
                    if (!apis.containsKey(bucket)) {
                        RateLimitedRdsApi api = new RateLimitedRdsApi(settings.rdsLimitPerSecond(), settings.createLatencyMedian(),
                                Duration.ofMinutes(5), bucket.region());
                        apis.put(bucket, api);
                        clients.put(bucket, client(api, bucket, pacer, http));
                    }
                }
            }
            Instant start = Instant.now();
            ScaleWindowFigures figures = new ScaleWindowFigures(start, fleet.databases().size());
            figures.transitions(ScaleSettings.TRANSITIONS_PER_EXECUTION);
            sleep(ScaleSettings.LIST_TARGETS);
            figures.invoked(ScaleSettings.LIST_TARGETS);
            List<ScheduledFuture<?>> copies = new ArrayList<>();
            List<Future<?>> iterations = new ArrayList<>();
            for (ScaleFleet.Database db : fleet.databases()) {
                iterations.add(map.submit(() -> {
                    figures.transitions(ScaleSettings.TRANSITIONS_PER_ITERATION);
                    Duration census = db.census().plus(settings.lambdaOverhead());
                    sleep(census);
                    figures.invoked(census);
                    long snapshotStart = System.nanoTime();
                    String id = "st-auto-" + db.id() + "-" + start.getEpochSecond();
                    RdsClient rds = clients.get(db.bucket());
                    // as SnapshotBranchHandler: the quota's listings, then the create (ScaleSettings.SNAPSHOT_BRANCH_REQUESTS)
                    boolean created = call(figures, () -> rds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual"))
                                    .dbSnapshots().forEach(s -> { }))
                            && call(figures, () -> rds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual"))
                                    .dbClusterSnapshots().forEach(s -> { }))
                            && call(figures, () -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier(db.id()).dbSnapshotIdentifier(id)));
                    sleep(settings.lambdaOverhead());
                    figures.invoked(Duration.ofNanos(System.nanoTime() - snapshotStart));
                    if (created) {
                        Duration untilCopier = db.snapshot().plus(settings.eventDelay()).minus(settings.lambdaOverhead());
                        synchronized (copies) {
                            copies.add(copiers.schedule(() -> {
                                long copyStart = System.nanoTime();
                                call(figures, () -> clients.get(db.drBucket()).copyDBSnapshot(r -> r
                                        .sourceDBSnapshotIdentifier("arn:aws:rds:" + db.region() + ":" + db.account() + ":snapshot:" + id)
                                        .targetDBSnapshotIdentifier(id)));
                                sleep(settings.lambdaOverhead());
                                figures.invoked(Duration.ofNanos(System.nanoTime() - copyStart));
                            }, Math.max(0, untilCopier.toNanos()), TimeUnit.NANOSECONDS));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> iteration : iterations) {
                iteration.get();
            }
            List<ScheduledFuture<?>> scheduled;
            synchronized (copies) {
                scheduled = List.copyOf(copies);
            }
            for (ScheduledFuture<?> copy : scheduled) {
                copy.get();
            }
            apis.forEach((bucket, api) -> api.arrivals().forEach(a ->
                    figures.arrived(new ScaleWindowFigures.Arrival(bucket, a.at(), a.action(), a.throttled()))));
            return figures;
        } finally {
            map.shutdownNow();
            copiers.shutdownNow();
            clients.values().forEach(RdsClient::close);
            apis.values().forEach(RateLimitedRdsApi::close);
            http.close();
        }
    }

    /** One SDK call; false when the SDK gave up (every attempt throttled). */
    private static boolean call(ScaleWindowFigures figures, Runnable request) {
        try {
            request.run();
            return true;
        } catch (RdsException e) {
            figures.failed();
            return false;
        }
    }

    private RdsClient client(RateLimitedRdsApi api, RequestBucket bucket, RequestPacer pacer, SdkHttpClient http) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(settings.retry().baseDelay(), settings.retry().maxDelay());
        return RdsClient.builder().region(Region.of(bucket.region())).endpointOverride(URI.create(api.endpoint())).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABENCHONLY00000", "bench-only")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.retry().maxAttempts()).backoffStrategy(backoff).throttlingBackoffStrategy(backoff).build())
                        .addExecutionInterceptor(new RequestBudgetInterceptor(pacer, bucket)))
                .build();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
