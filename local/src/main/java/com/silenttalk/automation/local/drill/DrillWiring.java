package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.backup.BackupWiring;
import com.silenttalk.automation.local.backup.DirectoryRegion;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.backup.SourceDatabase;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The drill capability's wiring: the backup wiring's regions and ledger, the drill journal, the
 * throwaway restorer and the JDBC inspector, built from the configuration; the local drill runner
 * over them, and the starts of a drill in the clouds.
 */
public final class DrillWiring {
    private final BackupWiring backup;
    private final DrillJournal journal;
    private ThrowawayRestorer restorer;

    /** @param source the database of {@code source.url} snapshots are taken of; null for commands that only read regions */
    public DrillWiring(OpsConfig config, PgEndpoint source, Map<String, String> env) {
        this(new BackupWiring(config, source, env));
    }

    public DrillWiring(OpsConfig config, PgEndpoint source, Map<String, String> env, Clock clock) {
        this(new BackupWiring(config, source, env, clock));
    }

    private DrillWiring(BackupWiring backup) {
        this.backup = backup;
        this.journal = journalOf(backup.config());
    }

    /** @param source the database of {@code source.url} snapshots are taken of (the demo's throwaway source) */
    public static DrillWiring of(OpsConfig config, PgEndpoint source, Map<String, String> env, Clock clock) {
        return new DrillWiring(config, source, env, clock);
    }

    /** For drills and verifications that only read regions: no source database. */
    public static DrillWiring regionsOnly(OpsConfig config, Map<String, String> env, Clock clock) {
        return new DrillWiring(BackupWiring.regionsOnly(config, env, clock));
    }

    /** The finished and unfinished drills of a state directory, read without building any region or tool. */
    public static DrillJournal journalOf(OpsConfig config) {
        return new DrillJournal(config.journalDir());
    }

    /** A drill's HTTP start in the Azure function app, polled until it ends. */
    static AzureDrillStart azureDrillStart(Map<String, String> env, Clock clock) {
        return new AzureDrillStart(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build(), env, clock,
                duration -> Thread.sleep(duration.toMillis()));
    }

    /** @param source the database snapshots are taken of, as the operator named it; null for commands that only read regions */
    public static DrillWiring forSource(OpsConfig config, SourceDatabase source, Map<String, String> env, Clock clock) {
        return new DrillWiring(BackupWiring.forSource(config, source, env, clock));
    }

    public BackupWiring backup() {
        return backup;
    }

    public OpsConfig config() {
        return backup.config();
    }

    public PgBinaries binaries() {
        return backup.binaries();
    }

    public DirectoryRegion primary() {
        return backup.primary();
    }

    public LocalRegion region(String name) {
        return backup.region(name);
    }

    public FileRunLedger ledger() {
        return backup.ledger();
    }

    public DrillJournal journal() {
        return journal;
    }

    public Path clustersRoot() {
        OpsConfig config = backup.config();
        return config.clustersDir() != null ? config.clustersDir() : ThrowawayCluster.defaultRoot();
    }

    public DrillWorkflow drillWorkflow(Clock clock) {
        OpsConfig config = backup.config();
        return new DrillWorkflow(backup.primary(), backup.region(config.drill().region()), backup.replicator(), restorer(),
                new JdbcDatabaseInspector(config.backup().jobs()), backup.ledger(), clock);
    }

    /** The drill workflow run, resumed or abandoned on this machine, with its progress lines on {@code progress}. */
    public LocalDrillRunner runner(PrintStream progress, CrashPoints crashPoints, DiskSpace disk) {
        return new LocalDrillRunner(this, backup.clock(), progress, crashPoints, disk);
    }

    /** One per wiring: a server it starts early for a drill is the one that drill's restore takes. */
    public synchronized ThrowawayRestorer restorer() {
        if (restorer == null) {
            OpsConfig config = backup.config();
            restorer = new ThrowawayRestorer(backup.binaries(), clustersRoot(), backup.regions(), config.backup().jobs(),
                    config.backup().timeout(), backup.logDir());
        }
        return restorer;
    }

    /** The drill of the source database this wiring snapshots. */
    public DrillRequest drillRequest() {
        SourceDatabase source = backup.source();
        DatabaseId label = source != null ? source.label() : backup.config().source().database();
        if (label == null) {
            throw new InvalidFieldException("source.url", "no source database: set source.url in the configuration or pass --source-url");
        }
        return drillRequest(label);
    }

    /** A drill of the database with this label, with the configured targets, probes and TLS requirements. */
    public DrillRequest drillRequest(DatabaseId label) {
        OpsConfig config = backup.config();
        return new DrillRequest(label, config.backup().policy().interval(), config.drill().region(),
                config.drill().targets(), config.drill().probes(), config.drill().requireTls(), null,
                config.source().requireTls());
    }

    /** The source this wiring snapshots; null for commands that only read regions. */
    public SourceDatabase source() {
        return backup.source();
    }
}
