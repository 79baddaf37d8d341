package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.FailureKind;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.backup.HashingCopy;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_restore failing half-way with parallel jobs: the drill exits 3 (a tool failed, as the
 * README says), the failed check quotes the first ERROR line rather than the last lines of
 * stderr, and the whole stderr of pg_restore and the server's log are kept beside the report.
 */
class ToolFailureDiagnosisTest {
    @TempDir
    Path work;

    @Test
    void verify_whenPgRestoreFails_exitsThreeQuotingTheFirstErrorAndKeepsTheWholeStderrBesideTheReport() throws Exception {
        Path clusters = work.resolve("clusters");
        try (ThrowawayCluster server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "diagnosis-source")) {
            server.createDatabase("shop");
            try (Connection c = server.endpoint("shop").connect(); Statement s = c.createStatement()) {
                for (String t : List.of("customers", "victim", "orders", "payments")) {
                    s.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, note text)");
                    s.execute("INSERT INTO " + t + " SELECT g, 'row ' || g FROM generate_series(1, 500) g");
                }
            }
            TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
            Map<String, String> env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(server.endpoint("shop").password()));
            String url = "postgresql://opsctl@127.0.0.1:" + server.handle().port() + "/shop";
            OpsctlRun snapshot = OpsctlRun.in(work, env, "snapshot", "--source-url", url);
            assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
            String id = LocalJson.MAPPER.readTree(snapshot.stdout()).get("snapshot").asText();
            assertThat(OpsctlRun.in(work, env, "copy", "--snapshot", id).exitCode()).isZero();
            breakOneStatementKeepingTheManifestTrue(work.resolve("state/regions/dr").resolve(id));

            OpsctlRun verify = OpsctlRun.in(work, env, "verify", "--snapshot", id);

            assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
            DrillReport report = LocalJson.MAPPER.readValue(verify.stdout(), DrillReport.class);
            assertThat(report.failureKind()).isEqualTo(FailureKind.ENVIRONMENT);
            CheckResult restore = report.failedChecks().stream().filter(c -> c.name().equals("restore")).findFirst().orElseThrow();
            assertThat(restore.detail()).startsWith("pg_restore exited 1: ")
                    .contains("ERROR: syntax error at or near \"TABLX\"").doesNotContain("\n");
            Path logs = work.resolve(DrillReportWriter.LOGS);
            String restoreLog = Files.readString(logs.resolve("drill-" + report.runId() + ".pg_restore.log"));
            assertThat(restoreLog).contains("ERROR:  syntax error at or near \"TABLX\"", "Command was: CREATE TABLX public.victim");
            assertThat(Files.readString(logs.resolve("drill-" + report.runId() + ".server.log")))
                    .contains("syntax error at or near \"TABLX\"");
            assertThat(restore.detail()).contains("full stderr: ");
            assertThat(TestClusters.leftovers(clusters)).containsExactly(clusters.resolve("diagnosis-source"));
        }
    }

    /** A statement in the archive's table of contents made invalid; size and SHA-256 recorded anew, as a faithful copy would be. */
    private static void breakOneStatementKeepingTheManifestTrue(Path snapshotDir) throws Exception {
        Path archive = snapshotDir.resolve("dump.pgc");
        byte[] bytes = Files.readAllBytes(archive);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("CREATE TABLE public.victim");
        assertThat(at).as("the table's definition is in the archive's table of contents").isPositive();
        System.arraycopy("CREATE TABLX".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, 12);
        Files.write(archive, bytes);
        Path manifest = snapshotDir.resolve("manifest.json");
        ObjectNode m = (ObjectNode) LocalJson.MAPPER.readTree(manifest.toFile());
        m.put("sha256", HashingCopy.hash(archive).sha256());
        m.put("sizeBytes", bytes.length);
        Files.writeString(manifest, m.toString());
        try (Stream<Path> files = Files.list(snapshotDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("snapshot.json");
        }
    }
}
