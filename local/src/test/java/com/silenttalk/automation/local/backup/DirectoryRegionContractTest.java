package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.backup.DirectoryRegion.Metadata;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** opsctl's directory regions keep the snapshot store contract: snapshots are real pg_dump archives of PostgreSQL 15. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryRegionContractTest extends SnapshotStoreContract {
    @TempDir
    static Path work;
    private ThrowawayCluster server;
    private PgDumper dumper;
    private DirectoryRegion region;
    private int regions;

    @BeforeAll
    void startServer() {
        PgBinaries binaries = PgBinaries.locate(System.getenv());
        server = ThrowawayCluster.create(binaries, work.resolve("clusters"), "store-contract");
        server.createDatabase(ORDERS.value());
        dumper = new PgDumper(binaries, 1, Duration.ofMinutes(2));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshRegion() {
        region = new DirectoryRegion("primary", work.resolve("region-" + ++regions),
                SourceDatabase.of(server.endpoint(ORDERS.value()), "database.url", ORDERS), dumper);
    }

    @Override
    protected SnapshotStore store() {
        return region;
    }

    @Override
    protected boolean takesSnapshots() {
        return true;
    }

    @Override
    protected void putForeign(SnapshotId id) {
        try {
            Files.createDirectories(region.root().resolve(id.value()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LocalJson.writeAtomically(region.root().resolve(id.value()).resolve(DirectoryRegion.METADATA),
                new Metadata(id.value(), ORDERS.value(), NOW.minusSeconds(86_400), false, null));
    }
}
