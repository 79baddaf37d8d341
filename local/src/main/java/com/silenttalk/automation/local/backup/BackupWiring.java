package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The backup capability's wiring, built from the configuration: the regions (directories, buckets), the dumper, the
 * ledger, and the use cases over them ({@link TakeSnapshots}, {@link ReplicateSnapshot}, {@link PruneSnapshots}).
 */
public final class BackupWiring {
    private final OpsConfig config;
    private final Clock clock;
    private final SourceDatabase source;
    private final PgBinaries binaries;
    private final DirectoryRegion primary;
    private final List<LocalRegion> regions;
    private final FileRunLedger ledger;

    /** @param source the database of {@code source.url} snapshots are taken of; null for commands that only read regions */
    public BackupWiring(OpsConfig config, PgEndpoint source, Map<String, String> env) {
        this(config, source, env, Clock.systemUTC());
    }

    public BackupWiring(OpsConfig config, PgEndpoint source, Map<String, String> env, Clock clock) {
        this(source == null ? null : SourceDatabase.of(source, "source.url", config.source().database()), config, env, clock);
    }

    /** @param source the database snapshots are taken of, as the operator named it; null for commands that only read regions */
    public static BackupWiring forSource(OpsConfig config, SourceDatabase source, Map<String, String> env, Clock clock) {
        return new BackupWiring(source, config, env, clock);
    }

    /** For commands that only read and prune regions: no source database. */
    public static BackupWiring regionsOnly(OpsConfig config, Map<String, String> env, Clock clock) {
        return new BackupWiring(null, config, env, clock);
    }

    private BackupWiring(SourceDatabase source, OpsConfig config, Map<String, String> env, Clock clock) {
        this.config = config;
        this.clock = clock;
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

    public Clock clock() {
        return clock;
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
                        UntrustedText.quoted(name) + " is not configured (" + regions.stream().map(LocalRegion::region).toList() + ")"));
    }

    public RegionReplicator replicator() {
        return new RegionReplicator(regions);
    }

    /** This window's snapshot into the primary region, claimed in the ledger. */
    public TakeSnapshots takeSnapshots() {
        return new TakeSnapshots(primary, ledger, clock);
    }

    /** A snapshot's copy to every other region, verified at the destination. */
    public ReplicateSnapshot replicate() {
        return new ReplicateSnapshot(replicator(), ledger, clock);
    }

    /** Every region pruned together by the retention plan. */
    public PruneSnapshots prune() {
        return new PruneSnapshots(stores(), ledger, clock);
    }

    public FileRunLedger ledger() {
        return ledger;
    }

    public Path logDir() {
        return config.logDir();
    }

    /** The source this wiring snapshots; null for commands that only read regions. */
    public SourceDatabase source() {
        return source;
    }
}
