package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.LogicalDumpParts;
import com.silenttalk.automation.postgres.LogicalDumpRestorer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local adapter of the dump's consistent point: a real base backup of a real PostgreSQL 15, started read-only. */
class BaseBackupReadPointTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final Instant ASKED = Instant.parse("2026-03-01T06:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-01T06:05:00Z");

    @TempDir
    Path work;

    @Test
    void provision_whenTheSourceIsWrittenAfterwards_theCopyKeepsItsPointTakesNoWritesAndItsPartedDumpRestoresThatPoint() throws Exception {
        Path clusters = work.resolve("clusters");
        PgBinaries binaries = PgBinaries.locate(System.getenv());
        try (ThrowawayCluster source = ThrowawayCluster.create(binaries, clusters, "source")) {
            source.createDatabase("orders");
            execute(source, "orders", "CREATE TABLE public.events (id bigint PRIMARY KEY, body text);"
                    + " INSERT INTO public.events SELECT i, repeat(md5(i::text), 4) FROM generate_series(1, 20000) i");
            BaseBackupReadPoint readPoint = new BaseBackupReadPoint(binaries, clusters, db -> source, "orders", new ManualClock(NOW));

            ConsistentReadPoint.DumpSource copy = ready(readPoint.provision(ORDERS, ASKED, "dumpsrc-orders-1"));
            execute(source, "orders", "INSERT INTO public.events SELECT i, 'later' FROM generate_series(20001, 25000) i");
            ConsistentReadPoint.DumpSource again = ready(readPoint.provision(ORDERS, ASKED, "dumpsrc-orders-1"));

            assertThat(again).isEqualTo(copy);
            assertThat(copy.pointInTime()).isEqualTo(NOW);
            try (Connection c = connect(copy)) {
                assertThat(one(c, "SELECT count(*) FROM public.events")).isEqualTo("20000");
                assertThatThrownBy(() -> one(c, "INSERT INTO public.events VALUES (0, 'x') RETURNING id"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
                ByteArrayOutputStream dump = new ByteArrayOutputStream();
                LogicalDumpParts.writeHead(c, dump);
                for (LogicalDumpParts.Part part : LogicalDumpParts.plan(c, 64 * 1024)) {
                    LogicalDumpParts.writePart(c, part, dump);
                }
                LogicalDumpParts.writeTail(c, dump);
                source.createDatabase("restored");
                try (Connection target = source.loopbackEndpoint("restored").connect()) {
                    Map<String, Long> loaded = LogicalDumpRestorer.restore(new ByteArrayInputStream(dump.toByteArray()), target);
                    assertThat(loaded).isEqualTo(Map.of("public.events", 20000L));
                    assertThat(CatalogInspector.schemaFingerprint(target)).isEqualTo(CatalogInspector.schemaFingerprint(c));
                }
            }
            assertThatThrownBy(() -> readPoint.provision(ORDERS, ASKED.plusSeconds(1), "dumpsrc-orders-1"))
                    .hasMessageContaining("must read one point");

            assertThat(readPoint.release("dumpsrc-orders-1")).isEqualTo(Progress.ready("dumpsrc-orders-1"));
            assertThat(clusters.resolve("dumpsrc-orders-1")).doesNotExist();
        }
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
    }

    @Test
    void release_whenTheClusterIsNotADumpSourceThisSuiteMade_refusesAndKeepsIt() {
        Path clusters = work.resolve("clusters");
        PgBinaries binaries = PgBinaries.locate(System.getenv());
        try (ThrowawayCluster other = ThrowawayCluster.create(binaries, clusters, "dumpsrc-not-ours")) {
            BaseBackupReadPoint readPoint = new BaseBackupReadPoint(binaries, clusters, db -> other, "orders", new ManualClock(NOW));

            assertThatThrownBy(() -> readPoint.release("dumpsrc-not-ours")).hasMessageContaining("not a dump source this suite created");
            assertThat(other.isRunning()).isTrue();
            assertThat(Files.exists(clusters.resolve("dumpsrc-not-ours"))).isTrue();
        }
    }

    @Test
    void provision_whenTheNameIsNotADumpSources_refusesNamingTheFieldAndMakesNothing() {
        BaseBackupReadPoint readPoint = new BaseBackupReadPoint(PgBinaries.locate(System.getenv()), work, db -> {
            throw new AssertionError("no source may be touched");
        }, "orders", new ManualClock(NOW));

        assertThatThrownBy(() -> readPoint.provision(ORDERS, ASKED, "source"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> readPoint.release("source")).isInstanceOf(InvalidFieldException.class);
    }

    @SuppressWarnings("unchecked")
    static ConsistentReadPoint.DumpSource ready(Progress<ConsistentReadPoint.DumpSource> progress) {
        assertThat(progress).isInstanceOf(Progress.Ready.class);
        return ((Progress.Ready<ConsistentReadPoint.DumpSource>) progress).value();
    }

    static Connection connect(ConsistentReadPoint.DumpSource source) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database()
                + "?sslmode=disable", source.details().get("user"), new String(ThrowawayCluster.readPassword(Path.of(source.credentialsRef()))));
    }

    static void execute(ThrowawayCluster cluster, String database, String sql) throws SQLException {
        try (Connection c = cluster.loopbackEndpoint(database).connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
