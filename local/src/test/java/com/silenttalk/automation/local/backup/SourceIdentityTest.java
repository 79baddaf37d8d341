package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.TableCount;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot belongs to the database it was dumped from: two databases of one server drilled
 * in one state directory and one window each get their own snapshot, and a snapshot whose
 * manifest names another database or server is refused, naming both, with nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceIdentityTest {
    @TempDir
    static Path work;
    private Path clusters;
    private ThrowawayCluster server;
    private Map<String, String> env;

    @BeforeAll
    void startServerWithTwoDatabases() throws Exception {
        clusters = work.resolve("clusters");
        server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "identity-source");
        server.createDatabase("pgb");
        server.createDatabase("rw_drop");
        sql("pgb", "CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 300) g");
        sql("rw_drop", "CREATE TABLE orders (id int PRIMARY KEY)", "INSERT INTO orders SELECT generate_series(1, 40)",
                "CREATE TABLE items (order_id int REFERENCES orders, sku text)",
                "INSERT INTO items SELECT g % 40 + 1, 'sku-' || g FROM generate_series(1, 90) g");
        env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(server.endpoint("postgres").password()));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private void sql(String database, String... statements) throws Exception {
        try (Connection c = server.endpoint(database).connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private String url(String database) {
        return "postgresql://opsctl@127.0.0.1:" + server.handle().port() + "/" + database;
    }

    private Path stateDir(String name) throws Exception {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, ""));
        return dir;
    }

    private static DrillReport report(OpsctlRun run) throws Exception {
        return LocalJson.MAPPER.readValue(run.stdout(), DrillReport.class);
    }

    @Test
    void drill_whenTheDirectoryHoldsAnotherDatabasesSnapshotOfThisWindow_takesItsOwnAndReportsItsOwnTables() throws Exception {
        Path dir = stateDir("side-by-side");
        OpsctlRun a = OpsctlRun.in(dir, env, "drill", "--source-url", url("pgb"));
        assertThat(a.exitCode()).as(a.toString()).isZero();

        OpsctlRun b = OpsctlRun.in(dir, env, "drill", "--source-url", url("rw_drop"));

        assertThat(b.exitCode()).as(b.toString()).isZero();
        DrillReport pgb = report(a);
        DrillReport rwDrop = report(b);
        String label = DatabaseId.forDatabaseName("rw_drop").value();
        assertThat(rwDrop.database()).isEqualTo(label).startsWith("rw-drop-");
        assertThat(rwDrop.snapshotId()).startsWith("st-auto-" + label + "-").isNotEqualTo(pgb.snapshotId());
        assertThat(rwDrop.tables()).extracting(TableCount::table).containsExactly("public.items", "public.orders");
        assertThat(rwDrop.tables()).extracting(TableCount::restoredRows).containsExactly(90L, 40L);
        assertThat(pgb.tables()).extracting(TableCount::table).containsExactly("public.accounts");
        assertThat(rwDrop.checks()).filteredOn(c -> c.name().equals("source-identity")).extracting(CheckResult::detail)
                .singleElement().asString().contains("database \"rw_drop\" on 127.0.0.1:" + server.handle().port());
        assertThat(snapshotDirs(dir.resolve("state/regions/primary"))).containsExactlyInAnyOrder(pgb.snapshotId(), rwDrop.snapshotId());

        // Each database keeps its own newest verified snapshot: retention no longer lumps them under one label.
        OpsctlRun prune = OpsctlRun.in(dir, env, "prune", "--dry-run");
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        assertThat(prune.stdout()).contains("among the newest 1 verified of pgb in dr")
                .contains("among the newest 1 verified of " + label + " in dr");
    }

    @Test
    void drill_whenThisWindowsSnapshotNamesAnotherDatabase_refusesNamingBothAndWritesNothing() throws Exception {
        Path dir = stateDir("renamed");
        OpsctlRun first = OpsctlRun.in(dir, env, "snapshot", "--source-url", url("pgb"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String id = LocalJson.MAPPER.readTree(first.stdout()).get("snapshot").asText();
        Path manifest = dir.resolve("state/regions/primary").resolve(id).resolve("manifest.json");
        ObjectNode m = (ObjectNode) LocalJson.MAPPER.readTree(manifest.toFile());
        ((ObjectNode) m.get("source")).put("database", "billing");
        Files.writeString(manifest, m.toString());
        List<String> before = listing(dir.resolve("state"));

        OpsctlRun drill = OpsctlRun.in(dir, env, "drill", "--source-url", url("pgb"));
        OpsctlRun snapshot = OpsctlRun.in(dir, env, "snapshot", "--source-url", url("pgb"));
        OpsctlRun copy = OpsctlRun.in(dir, env, "copy", "--source-url", url("pgb"));
        OpsctlRun verify = OpsctlRun.in(dir, env, "verify", "--snapshot", id, "--region", "primary", "--source-url", url("pgb"));

        for (OpsctlRun refused : List.of(drill, snapshot, copy, verify)) {
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.stderr().strip()).as("one line").doesNotContain("\n")
                    .startsWith("opsctl: bad input: --source-url: snapshot " + id + " is of database \"billing\"")
                    .contains("another database than the one asked about: database \"pgb\" on 127.0.0.1:" + server.handle().port());
            assertThat(refused.stdout()).isEmpty();
        }
        assertThat(listing(dir.resolve("state"))).as("no ledger entry, journal, copy or log").isEqualTo(before);
    }

    @Test
    void drill_whenThisWindowsSnapshotIsOfAnotherServer_refusesNamingBoth() throws Exception {
        Path dir = stateDir("other-server");
        OpsctlRun first = OpsctlRun.in(dir, env, "snapshot", "--source-url", url("pgb"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String id = LocalJson.MAPPER.readTree(first.stdout()).get("snapshot").asText();
        Path manifest = dir.resolve("state/regions/primary").resolve(id).resolve("manifest.json");
        JsonNode m = LocalJson.MAPPER.readTree(manifest.toFile());
        String real = m.get("source").get("systemIdentifier").asText();
        ((ObjectNode) m.get("source")).put("systemIdentifier", "7000000000000000001");
        Files.writeString(manifest, m.toString());

        OpsctlRun drill = OpsctlRun.in(dir, env, "drill", "--source-url", url("pgb"));

        assertThat(drill.exitCode()).as(drill.toString()).isEqualTo(2);
        assertThat(drill.stderr()).contains("(system 7000000000000000001", "another server", "(system " + real);
    }

    private static List<String> snapshotDirs(Path region) throws Exception {
        try (Stream<Path> dirs = Files.list(region)) {
            return dirs.filter(d -> Files.exists(d.resolve("snapshot.json"))).map(d -> d.getFileName().toString()).toList();
        }
    }

    private static List<String> listing(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "")).sorted().toList();
        }
    }
}
