package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.drill.RdsRestorer;
import com.silenttalk.automation.aws.drill.S3ReportWriter;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The production wiring of one container: settings from the environment, clients built
 * once, adapters over them. Building makes no AWS call (SnapStart snapshots it as is).
 */
public final class AwsWiring {
    private static volatile AwsWiring container;

    private final AwsSettings settings;
    private final AwsClients clients;
    private final Clock clock;
    private final Map<String, String> environment;
    private final Consumer<String> logLines;
    private final Optional<DryRunPlanner> dryRun;

    public AwsWiring(AwsSettings settings, AwsClients clients, Clock clock) {
        this(settings, clients, clock, Map.of());
    }

    /** @param environment the variables template.yaml sets, for functions with settings of their own (aws.failover) */
    public AwsWiring(AwsSettings settings, AwsClients clients, Clock clock, Map<String, String> environment) {
        this(settings, clients, clock, environment, line -> System.out.println(line), Optional.empty());
    }

    private AwsWiring(AwsSettings settings, AwsClients clients, Clock clock, Map<String, String> environment,
                      Consumer<String> logLines, Optional<DryRunPlanner> dryRun) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        this.environment = Map.copyOf(environment);
        this.logLines = logLines;
        this.dryRun = dryRun;
    }

    /**
     * A dry-run's wiring: every SDK client goes to {@code planner} ({@link AwsClients#planning}), and so do the
     * function's other clients (webhooks); the function's log lines go to {@code logLines}.
     */
    public static AwsWiring dryRun(AwsSettings settings, DryRunPlanner planner, Clock clock, Map<String, String> environment,
                                   Consumer<String> logLines) {
        return new AwsWiring(settings, AwsClients.planning(planner), clock, environment, logLines, Optional.of(planner));
    }

    /** The same wiring, its functions' log lines going to {@code sink} (opsctl: stderr, stdout being for results). */
    public AwsWiring logTo(Consumer<String> sink) {
        return new AwsWiring(settings, clients, clock, environment, sink, dryRun);
    }

    /** The container's wiring, built on first use from the Lambda environment. */
    public static AwsWiring container() {
        AwsWiring w = container;
        if (w == null) {
            synchronized (AwsWiring.class) {
                w = container;
                if (w == null) {
                    Map<String, String> env = System.getenv();
                    w = new AwsWiring(AwsSettings.fromEnvironment(env), AwsClients.forLambda(env), Clock.systemUTC(), env);
                    container = w;
                }
            }
        }
        return w;
    }

    public AwsSettings settings() {
        return settings;
    }

    public AwsClients clients() {
        return clients;
    }

    public Clock clock() {
        return clock;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** A function's structured log: stdout in Lambda (the function's log stream). */
    public LineLog log(String function) {
        return new LineLog(function, logLines);
    }

    /** Present in a dry-run: the planner every client of the function must go to. */
    public Optional<DryRunPlanner> dryRun() {
        return dryRun;
    }

    /** Manifests live in the report bucket; the S3 client is built on first read, so functions that never read one never build it. */
    public ManifestSource manifests() {
        return manifestStore();
    }

    /** The same bucket, for the census function, which writes the manifests (never called on the scheduler's path). */
    public S3ManifestSource manifestStore() {
        return new S3ManifestSource(() -> clients.s3(settings.region()), settings.reportBucket());
    }

    /**
     * The stores of the backup functions: they never read a manifest (only the drill does), so nothing on
     * their path reaches the S3 client and their artifact (lambda-backup.jar) carries no S3 module.
     */
    public RdsSnapshotStore primaryStore() {
        return primaryStore(ManifestSource.NONE);
    }

    public RdsSnapshotStore drStore() {
        return drStore(ManifestSource.NONE);
    }

    public RdsSnapshotStore primaryStore(ManifestSource manifests) {
        return new RdsSnapshotStore(clients.rds(settings.region()), settings.region(), settings.accountId(),
                settings.databases(), manifests, clock);
    }

    public RdsSnapshotStore drStore(ManifestSource manifests) {
        return new RdsSnapshotStore(() -> clients.rds(settings.drRegion()), settings.drRegion(), settings.accountId(),
                settings.databases(), manifests, clock);
    }

    public RdsCrossRegionCopier copier() {
        return new RdsCrossRegionCopier(drStore(), clients.rds(settings.drRegion()), settings.accountId(),
                settings.drKmsKeyId(), settings::kindOf);
    }

    public RdsRestorer restorer() {
        return new RdsRestorer(clients.rds(settings.drRegion()), settings.drRegion(), settings.drill(), settings::kindOf);
    }

    public DynamoDbRunLedger ledger() {
        return new DynamoDbRunLedger(clients.dynamoDb(settings.region()), settings.ledgerTable(), settings.ledgerTtl());
    }

    public S3ReportWriter reportWriter() {
        return new S3ReportWriter(clients.s3(settings.region()), settings.reportBucket());
    }
}
