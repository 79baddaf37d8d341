package com.silenttalk.automation.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.runtime.NoDelayHttpClient;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RateLimitedRdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestPacer;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * Issue #18: 50 concurrent branches (a Map state's, each in its own container: its own RDS and DynamoDB clients)
 * snapshot their databases through the real SDK v2 RDS client against an RDS Query API that throttles past 12
 * requests/s. With every client's requests under one {@link DynamoDbRequestBudget} on dynalite, no calendar second
 * of arrivals at the API holds more than 12 and nothing is throttled; without it, the same branches are throttled
 * (the stub can fail). Two accounts' branches at once, each through {@link RdsRequestBudget#interceptorFor} of its
 * placement, pace in two buckets side by side, one slot per interval in each.
 */
@ExtendWith(Dynalite.class)
class RequestBudgetAcrossBranchesTest {
    private static final int BRANCHES = 50;
    private static final int PER_ACCOUNT = 20;
    private static final int RDS_LIMIT = 12;

    RateLimitedRdsApi rds;
    String endpoint;
    String table;
    SdkHttpClient http;
    List<AwsClients> containers = new ArrayList<>();

    @BeforeEach
    void start(LocalProcessServer dynalite) throws Exception {
        rds = new RateLimitedRdsApi(RDS_LIMIT, Duration.ZERO, Duration.ofMinutes(5), TestAws.PRIMARY);
        endpoint = dynalite.endpoint();
        table = "budget-" + UUID.randomUUID();
        try (AwsClients setup = TestAws.clients(endpoint)) {
            DynamoDbRequestBudgetTest.createTable(setup.dynamoDb(TestAws.PRIMARY), table);
        }
        http = NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        rds.close();
        containers.forEach(AwsClients::close);
        http.close();
    }

    @Test
    void snapshots_whenFiftyBranchesShareTheDynamoDbBudget_noSecondAtTheApiExceedsTwelveAndNoneIsThrottled() throws Exception {
        warmUp();
        List<DBSnapshot> created = runBranches(rds, branch -> {
            AwsClients container = TestAws.clients(endpoint);
            synchronized (containers) {
                containers.add(container);
            }
            RequestPacer pacer = new RequestPacer(new DynamoDbRequestBudget(container.dynamoDb(TestAws.PRIMARY), table, RequestRate.RDS),
                    RequestRate.RDS, Clock.systemUTC(), RequestPacer.Sleeper.THREAD);
            return override -> override.addExecutionInterceptor(new RdsRequestBudget(pacer).interceptorFor(
                    new Placement(TestAws.ACCOUNT, TestAws.PRIMARY)));
        });

        assertThat(rds.arrivalsPerSecond().values()).as("arrivals per second %s", rds.arrivalsPerSecond())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(RDS_LIMIT));
        assertThat(rds.throttled()).isZero();
        assertThat(rds.arrivals()).hasSize(2 * BRANCHES);
        assertThat(created).hasSize(BRANCHES).allSatisfy(s -> assertThat(s.status()).isEqualTo("creating"));
        assertThat(rds.snapshotsCreated()).isEqualTo(BRANCHES);
    }

    /**
     * No timing is asserted here (the 50 branches above measure the API's seconds): the slots each bucket hands out
     * are what the budget decides, so they are checked as handed out.
     */
    @Test
    void snapshots_whenTwoAccountsBranchesRunAtOnce_eachAccountTakesSlotsOfItsOwnBucketOnlyAndNeitherWaitsForTheOther()
            throws Exception {
        warmUp();
        Placement home = new Placement(TestAws.ACCOUNT, TestAws.PRIMARY);
        Placement member = new Placement("210987654321", TestAws.PRIMARY);
        Map<RequestBucket, List<Instant>> slots = new ConcurrentHashMap<>();
        // RDS throttles per account and region: the member account's API is another API (neither throttles here)
        try (RateLimitedRdsApi homeRds = new RateLimitedRdsApi(1000, Duration.ZERO, Duration.ofMinutes(5), TestAws.PRIMARY);
             RateLimitedRdsApi memberRds = new RateLimitedRdsApi(1000, Duration.ZERO, Duration.ofMinutes(5), TestAws.PRIMARY)) {
            Function<Placement, Function<Integer, Function<ClientOverrideConfiguration.Builder, ClientOverrideConfiguration.Builder>>>
                    branchesOf = placement -> branch -> {
                        AwsClients container = TestAws.clients(endpoint);
                        synchronized (containers) {
                            containers.add(container);
                        }
                        DynamoDbRequestBudget shared = new DynamoDbRequestBudget(container.dynamoDb(TestAws.PRIMARY), table, RequestRate.RDS);
                        RdsRequestBudget budget = new RdsRequestBudget(new RequestPacer((bucket, now) -> {
                            Instant slot = shared.reserve(bucket, now);
                            slots.computeIfAbsent(bucket, b -> java.util.Collections.synchronizedList(new ArrayList<>())).add(slot);
                            return slot;
                        }, RequestRate.RDS, Clock.systemUTC(), RequestPacer.Sleeper.THREAD));
                        return override -> override.addExecutionInterceptor(budget.interceptorFor(placement));
                    };

            // the first branches are the suite account's, the next the member account's, all started at once
            List<DBSnapshot> created = runBranches(2 * PER_ACCOUNT, branch -> branch < PER_ACCOUNT ? homeRds : memberRds,
                    branch -> branchesOf.apply(branch < PER_ACCOUNT ? home : member).apply(branch));

            assertThat(created).hasSize(2 * PER_ACCOUNT);
            assertThat(homeRds.snapshotsCreated()).isEqualTo(PER_ACCOUNT);
            assertThat(memberRds.snapshotsCreated()).isEqualTo(PER_ACCOUNT);
            // every request of an account waited in that account's bucket only (a caller that woke late reserved again)
            assertThat(slots).containsOnlyKeys(home.rdsBucket(), member.rdsBucket());
            List<Instant> homeSlots = sorted(slots.get(home.rdsBucket()));
            List<Instant> memberSlots = sorted(slots.get(member.rdsBucket()));
            assertThat(homeSlots).hasSizeGreaterThanOrEqualTo(2 * PER_ACCOUNT);
            assertThat(memberSlots).hasSizeGreaterThanOrEqualTo(2 * PER_ACCOUNT);
            // within a bucket, one slot per interval: at most 10 a second for each account
            for (List<Instant> bucket : List.of(homeSlots, memberSlots)) {
                for (int k = 1; k < bucket.size(); k++) {
                    assertThat(Duration.between(bucket.get(k - 1), bucket.get(k))).isGreaterThanOrEqualTo(RequestRate.RDS.interval());
                }
            }
            // across buckets, slots of the same tenth of a second: the accounts paced side by side, not one behind the other
            // (one shared bucket would have handed out 80 distinct slots over 8 s)
            java.util.Set<Long> homeTenths = new java.util.HashSet<>(homeSlots.stream().map(t -> t.toEpochMilli() / 100).toList());
            assertThat(memberSlots.stream().map(t -> t.toEpochMilli() / 100)).anyMatch(homeTenths::contains);
        }
    }

    private static List<Instant> sorted(List<Instant> slots) {
        synchronized (slots) {
            return slots.stream().sorted().toList();
        }
    }

    @Test
    void snapshots_whenTheBranchesShareNoBudget_theApiSeesMoreThanTwelveInASecondAndThrottles() throws Exception {
        List<DBSnapshot> created = runBranches(rds, branch -> override -> override);

        assertThat(rds.arrivalsPerSecond().values()).anySatisfy(n -> assertThat(n).isGreaterThan(RDS_LIMIT));
        assertThat(rds.throttled()).isPositive();
        assertThat(created).hasSizeLessThan(BRANCHES);
    }

    /**
     * The JVM's first SDK requests load and compile the client, signer and HTTP stack for hundreds of milliseconds
     * after their slot; a Lambda container pays that once, at init, before its first request. Done here against
     * another API and bucket, so the measured run starts as warm containers would.
     */
    private void warmUp() throws Exception {
        try (RateLimitedRdsApi elsewhere = new RateLimitedRdsApi(1000, Duration.ZERO, Duration.ZERO, TestAws.PRIMARY);
             AwsClients container = TestAws.clients(endpoint)) {
            RequestPacer pacer = new RequestPacer(new DynamoDbRequestBudget(container.dynamoDb(TestAws.PRIMARY), table, new RequestRate(1000)),
                    new RequestRate(1000), Clock.systemUTC(), RequestPacer.Sleeper.THREAD);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        try (RdsClient client = RdsClient.builder().region(Region.of(TestAws.PRIMARY))
                                .endpointOverride(URI.create(elsewhere.endpoint())).httpClient(http)
                                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(TestAws.ACCESS_KEY, TestAws.SECRET_KEY)))
                                .overrideConfiguration(o -> o.addExecutionInterceptor(new RequestBudgetInterceptor(pacer,
                                        RequestBucket.rds("000000000000", TestAws.PRIMARY))))
                                .build()) {
                            for (int i = 0; i < 5; i++) {
                                String id = "warm-up-" + thread + "-" + i;
                                client.createDBSnapshot(r -> r.dbInstanceIdentifier("warm-up").dbSnapshotIdentifier(id));
                                client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(id));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Starts the branches at once; each creates its database's snapshot and describes it (one attempt per request:
     * a throttled request is a failed branch here, so a throttle cannot hide behind a retry). Returns the snapshots that the branches which got through saw.
     */
    private List<DBSnapshot> runBranches(RateLimitedRdsApi rds, Function<Integer, Function<ClientOverrideConfiguration.Builder, ClientOverrideConfiguration.Builder>> containerOf)
            throws Exception {
        return runBranches(BRANCHES, branch -> rds, containerOf);
    }

    /** As {@link #runBranches(RateLimitedRdsApi, Function)}, {@code count} branches, each against its {@code apiOf}. */
    private List<DBSnapshot> runBranches(int count, Function<Integer, RateLimitedRdsApi> apiOf,
                                         Function<Integer, Function<ClientOverrideConfiguration.Builder, ClientOverrideConfiguration.Builder>> containerOf)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DBSnapshot>> results = new ArrayList<>();
            for (int b = 0; b < count; b++) {
                int branch = b;
                results.add(pool.submit(() -> {
                    var budgeted = containerOf.apply(branch);
                    try (RdsClient client = RdsClient.builder().region(Region.of(TestAws.PRIMARY))
                            .endpointOverride(URI.create(apiOf.apply(branch).endpoint())).httpClient(http)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(TestAws.ACCESS_KEY, TestAws.SECRET_KEY)))
                            .overrideConfiguration(o -> budgeted.apply(o.retryStrategy(DefaultRetryStrategy.doNotRetry())))
                            .build()) {
                        go.await();
                        String id = "st-auto-db" + branch + "-20260301t0600z";
                        client.createDBSnapshot(r -> r.dbInstanceIdentifier("db" + branch).dbSnapshotIdentifier(id));
                        return client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(id)).dbSnapshots().get(0);
                    } catch (RdsException e) {
                        assertThat(e.isThrottlingException()).as(e.getMessage()).isTrue();
                        return null;
                    }
                }));
            }
            go.countDown();
            List<DBSnapshot> created = new ArrayList<>();
            for (Future<DBSnapshot> result : results) {
                DBSnapshot s = result.get();
                if (s != null) {
                    created.add(s);
                }
            }
            return created;
        } finally {
            pool.shutdownNow();
        }
    }
}
