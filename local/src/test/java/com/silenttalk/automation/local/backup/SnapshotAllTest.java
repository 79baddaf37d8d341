package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code opsctl snapshot --all}: the configured databases (source.url and sources) of a throwaway PostgreSQL 15, each
 * snapshotted by the backup role; a database whose snapshot waits on a lock another session holds is given up after
 * backup.timeout while the others are snapshotted, and the exit code says one failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotAllTest {
    private static final String PASSWORD = "backup-Pa55word-for-all";
    private static final Map<String, String> ENV = Map.of("OPSCTL_SOURCE_PASSWORD", PASSWORD);

    @TempDir
    static Path clusters;
    private ThrowawayCluster cluster;

    @BeforeAll
    void startSource() throws Exception {
        cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "snapshot-all");
        try (Connection c = cluster.endpoint("postgres").connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE backup LOGIN PASSWORD '" + PASSWORD + "'");
        }
        for (String database : List.of("orders", "billing")) {
            cluster.createDatabase(database);
            try (Connection c = cluster.endpoint(database).connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 200)");
                s.execute("GRANT SELECT ON items TO backup");
            }
        }
    }

    @AfterAll
    void stopSource() {
        cluster.close();
    }

    private Path workWith(Path work, String extra) throws IOException {
        int port = cluster.handle().port();
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters,
                "source:\n  url: postgresql://backup@127.0.0.1:" + port + "/orders\n"
                        + "sources:\n  - url: postgresql://backup@127.0.0.1:" + port + "/billing\n" + extra));
        return work;
    }

    private static List<JsonNode> lines(OpsctlRun run) {
        return run.stdout().lines().map(line -> {
            try {
                return LocalJson.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static String snapshotOf(String database) {
        return SnapshotWindow.containing(Instant.now(), BackupPolicy.DEFAULT_INTERVAL).snapshotIdFor(new DatabaseId(database)).value();
    }

    @Test
    void snapshotAll_whenOneDatabaseWaitsOnALockHeldByAnotherSession_theOtherIsSnapshottedAndTheLockedOneIsGivenUp(
            @TempDir Path dir) throws Exception {
        Path work = workWith(dir, "backup:\n  timeout: 20s\n");
        Path primary = work.resolve("state").resolve("regions").resolve("primary");
        OpsctlRun run;
        try (Connection locker = cluster.endpoint("orders").connect()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            }

            run = OpsctlRun.in(work, ENV, "snapshot", "--all", "--parallel", "2");

            assertThat(Files.exists(primary.resolve(snapshotOf("orders")).resolve("manifest.json"))).isFalse();
            locker.rollback();
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        List<JsonNode> lines = lines(run);
        assertThat(lines).as("billing's line is printed when it is done, before the locked one is given up")
                .extracting(l -> l.get("database").asText() + ":" + l.get("status").asText())
                .containsExactly("billing:TAKEN", "orders:FAILED");
        assertThat(lines.get(1).get("exit").asInt()).isEqualTo(3);
        assertThat(lines.get(1).get("error").asText()).startsWith("environment: no snapshot of postgresql://backup@127.0.0.1:")
                .contains("within backup.timeout (PT20S)");
        assertThat(primary.resolve(snapshotOf("billing")).resolve("manifest.json")).isRegularFile();
        assertThat(run.stderr()).contains("1 of 2 database(s) have this window's snapshot; failed: orders")
                .doesNotContain(PASSWORD);
        awaitNoBackupSessionOn("orders"); // the given-up attempt's check ends with the lock; its snapshot is not taken then
        assertThat(primary.resolve(snapshotOf("orders"))).doesNotExist();

        OpsctlRun again = OpsctlRun.in(work, ENV, "snapshot", "--all");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(lines(again)).extracting(l -> l.get("database").asText() + ":" + l.get("status").asText())
                .containsExactlyInAnyOrder("orders:TAKEN", "billing:ALREADY_TAKEN");
        assertThat(primary.resolve(snapshotOf("orders")).resolve("manifest.json")).isRegularFile();
    }

    /** The given-up attempt's connection, still waiting in the server when opsctl returned, ends once the lock is gone. */
    private void awaitNoBackupSessionOn(String database) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Connection c = cluster.endpoint("postgres").connect(); Statement s = c.createStatement();
                 var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'backup' AND datname = '"
                         + database + "'")) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the backup role's session on " + database + " did not end in 60 s");
    }

    @Test
    void snapshotAll_whenADatabaseCannotBeReached_snapshotsTheOthersAndExits3(@TempDir Path dir) throws Exception {
        Path work = workWith(dir, "  - url: postgresql://backup@127.0.0.1:" + cluster.handle().port() + "/missing\n");

        OpsctlRun run = OpsctlRun.in(work, ENV, "snapshot", "--all", "--parallel", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(lines(run)).extracting(l -> l.get("database").asText() + ":" + l.get("status").asText())
                .containsExactly("orders:TAKEN", "billing:TAKEN", "missing:FAILED");
        assertThat(run.stderr()).contains("missing (sources[1].url) failed: environment:").contains("failed: missing");
    }

    @Test
    void snapshotAllDryRun_whenConfigured_printsThePlanAndConnectsToNothing(@TempDir Path dir) throws Exception {
        Path work = workWith(dir, "");

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "snapshot", "--all", "--dry-run", "--parallel", "3");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(lines(run)).extracting(l -> l.get("database").asText() + ":" + l.get("source").asText() + ":"
                + l.get("snapshot").asText() + ":" + l.get("plan").asText())
                .containsExactly("orders:source.url:" + snapshotOf("orders") + ":TAKE",
                        "billing:sources[0].url:" + snapshotOf("billing") + ":TAKE");
        assertThat(run.stderr()).contains("dry-run: 2 database(s), at most 2 at once");
        assertThat(work.resolve("state")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--parallel 0|--parallel: must be a whole number from 1 to 16, got '0'",
            "--parallel 17|--parallel: must be a whole number from 1 to 16, got '17'",
            "--parallel two|--parallel: must be a whole number from 1 to 16, got 'two'",
            "--all --parallel -1|--parallel: must be a whole number from 1 to 16, got '-1'",
            "--all --source-url postgresql://backup@127.0.0.1:1/x|--source-url: is not taken with --all"})
    void snapshotAll_whenAnOptionIsBad_exits2NamingItAndWritesNothing(String options, String refusal, @TempDir Path dir)
            throws Exception {
        Path work = workWith(dir, "");
        List<String> args = new java.util.ArrayList<>(List.of("snapshot"));
        if (!options.contains("--all") && !options.equals("--parallel 0")) {
            args.add("--all");
        }
        args.addAll(List.of(options.split(" ")));

        OpsctlRun run = OpsctlRun.in(work, ENV, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("opsctl: bad input: " + (options.equals("--parallel 0") ? "--parallel: is only taken with --all" : refusal));
        assertThat(run.stdout()).isEmpty();
        assertThat(work.resolve("state")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a second source of the same database|'  - url: postgresql://backup@127.0.0.1:PORT/billing'|sources[1].url: its snapshots would be labelled billing like those of sources[0].url",
            "an unknown key|'    schema: public'|sources[0].schema: unknown key",
            "a bad label|'    database: Not_A_Label!'|sources[0].database:"})
    void snapshotAll_whenTheSourcesAreBad_exits2NamingTheKey(String what, String extra, String refusal, @TempDir Path dir)
            throws Exception {
        Path work = workWith(dir, extra.replace("PORT", String.valueOf(cluster.handle().port())) + "\n");

        OpsctlRun run = OpsctlRun.in(work, ENV, "snapshot", "--all");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString().startsWith("opsctl: bad input: " + refusal);
        assertThat(work.resolve("state")).doesNotExist();
    }
}
