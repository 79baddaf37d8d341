package com.silenttalk.automation.local;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.local.backup.DirectoryRegion;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.backup.ObjectStoreClient;
import com.silenttalk.automation.local.backup.RegionReplicator;
import com.silenttalk.automation.local.backup.S3Region;
import com.silenttalk.automation.local.backup.PgDumper;
import com.silenttalk.automation.local.backup.SourceDatabase;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.drill.JdbcDatabaseInspector;
import com.silenttalk.automation.local.drill.ThrowawayRestorer;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the local adapters from the configuration: the production wiring of opsctl. */
public final class LocalWiring {
    private final OpsConfig config;
    private final SourceDatabase source;
    private final PgBinaries binaries;
    private final DirectoryRegion primary;
    private final List<LocalRegion> regions;
    private final FileRunLedger ledger;
    private final DrillJournal journal;
    private ThrowawayRestorer restorer;

    /** @param source the database of {@code source.url} snapshots are taken of; null for commands that only read regions */
    public LocalWiring(OpsConfig config, PgEndpoint source, Map<String, String> env) {
        this(config, source, env, Clock.systemUTC());
    }

    public LocalWiring(OpsConfig config, PgEndpoint source, Map<String, String> env, Clock clock) {
        this(source == null ? null : SourceDatabase.of(source, "source.url", config.source().database()), config, env, clock);
    }

    /** @param source the database snapshots are taken of, as the operator named it; null for commands that only read regions */
    public static LocalWiring forSource(OpsConfig config, SourceDatabase source, Map<String, String> env, Clock clock) {
        return new LocalWiring(source, config, env, clock);
    }

    private LocalWiring(SourceDatabase source, OpsConfig config, Map<String, String> env, Clock clock) {
        this.config = config;
        this.source = source;
        this.binaries = PgBinaries.locate(env);
        PgDumper dumper = new PgDumper(binaries, config.backup().compression(), config.backup().timeout(),
                config.source().requireTls(), logDir());
        this.primary = new DirectoryRegion(config.regions().primaryName(), config.regions().primary(), source, dumper);
        List<LocalRegion> all = new ArrayList<>();
        all.add(primary);
        config.regions().copies().forEach((name, dir) -> all.add(DirectoryRegion.replicaOnly(name, dir)));
        all.addAll(bucketRegions(config, env, clock));
        this.regions = List.copyOf(all);
        this.ledger = new FileRunLedger(config.ledgerDir());
        this.journal = new DrillJournal(config.journalDir());
    }

    /** The configured bucket regions (one S3 client for all); none when no bucket is configured. */
    public static List<S3Region> bucketRegions(OpsConfig config, Map<String, String> env, Clock clock) {
        if (config.regions().buckets().isEmpty()) {
            return List.of();
        }
        OpsConfig.ObjectStore store = config.regions().objectStore();
        S3Client s3 = ObjectStoreClient.build(store, env);
        Duration lockRetention = store.lockRetention() != null ? store.lockRetention() : config.backup().policy().retention();
        List<S3Region> buckets = new ArrayList<>();
        config.regions().buckets().forEach((name, bucket) ->
                buckets.add(new S3Region(name, s3, bucket, store.lockMode(), lockRetention, clock)));
        return buckets;
    }

    public OpsConfig config() {
        return config;
    }

    public PgBinaries binaries() {
        return binaries;
    }

    public DirectoryRegion primary() {
        return primary;
    }

    public List<LocalRegion> regions() {
        return regions;
    }

    public List<SnapshotStore> stores() {
        return List.copyOf(regions);
    }

    public LocalRegion region(String name) {
        return regions.stream().filter(r -> r.region().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidFieldException("region",
                        "'" + name + "' is not configured (" + regions.stream().map(LocalRegion::region).toList() + ")"));
    }

    public RegionReplicator replicator() {
        return new RegionReplicator(regions);
    }

    public FileRunLedger ledger() {
        return ledger;
    }

    public DrillJournal journal() {
        return journal;
    }

    public Path clustersRoot() {
        return config.clustersDir() != null ? config.clustersDir() : ThrowawayCluster.defaultRoot();
    }

    public Path logDir() {
        return config.logDir();
    }

    public DrillWorkflow drillWorkflow(java.time.Clock clock) {
        return new DrillWorkflow(primary, region(config.drill().region()), replicator(), restorer(),
                new JdbcDatabaseInspector(config.backup().jobs()), ledger, clock);
    }

    /** One per wiring: a server it starts early for a drill is the one that drill's restore takes. */
    public synchronized ThrowawayRestorer restorer() {
        if (restorer == null) {
            restorer = new ThrowawayRestorer(binaries, clustersRoot(), regions, config.backup().jobs(), config.backup().timeout(),
                    logDir());
        }
        return restorer;
    }

    /** The drill of the source database this wiring snapshots. */
    public DrillRequest drillRequest() {
        DatabaseId label = source != null ? source.label() : config.source().database();
        if (label == null) {
            throw new InvalidFieldException("source.url", "no source database: set source.url in the configuration or pass --source-url");
        }
        return drillRequest(label);
    }

    /** A drill of the database with this label, with the configured targets, probes and TLS requirements. */
    public DrillRequest drillRequest(DatabaseId label) {
        return new DrillRequest(label, config.backup().policy().interval(), config.drill().region(),
                config.drill().targets(), config.drill().probes(), config.drill().requireTls(), null,
                config.source().requireTls());
    }

    /** The source this wiring snapshots; null for commands that only read regions. */
    public SourceDatabase source() {
        return source;
    }
}
