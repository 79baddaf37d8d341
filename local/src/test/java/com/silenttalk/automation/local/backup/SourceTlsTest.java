package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that accepts TLS only ({@code hostssl}), with a certificate from a self-signed CA:
 * verify-full with the CA (from the URL or from PGSSLROOTCERT) drills and reports the source's
 * TLS; the wrong CA cannot connect; with source.requireTls a plaintext source fails source-tls
 * before anything is dumped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceTlsTest {
    @TempDir
    static Path work;
    private ThrowawayCluster server;
    private Path clusters;
    private Path ca;
    private Path otherCa;
    private Map<String, String> env;

    @BeforeAll
    void startTlsOnlySource() throws Exception {
        clusters = work.resolve("clusters");
        server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "tls-only-source");
        for (String db : new String[] {"shop", "plain"}) {
            server.createDatabase(db);
            sql(db, "CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
                    "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 250) g");
        }
        Path pki = Files.createDirectories(work.resolve("pki"));
        ca = certificateAuthority(pki, "ca");
        otherCa = certificateAuthority(pki, "other-ca");
        openssl(pki, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(pki, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        // Written into the server's own files, which keeps their owner and mode (the server user's, 0600).
        Path base = server.handle().baseDir();
        Files.write(base.resolve("server.crt"), Files.readAllBytes(pki.resolve("server.crt")));
        Files.write(base.resolve("server.key"), Files.readAllBytes(pki.resolve("server.key")));
        Files.writeString(base.resolve("data/pg_hba.conf"), "hostssl all all 127.0.0.1/32 scram-sha-256\n"
                + "host plain all 127.0.0.1/32 scram-sha-256\n");
        sql("postgres", "SELECT pg_reload_conf()");
        env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(server.endpoint("postgres").password()));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private static Path certificateAuthority(Path pki, String name) throws Exception {
        openssl(pki, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=opsctl test " + name);
        return pki.resolve(name + ".crt");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl %s: %s", command, out).isTrue();
    }

    private void sql(String database, String... statements) throws Exception {
        try (Connection c = server.endpoint(database).withSslMode("require").connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private OpsctlRun drill(String url, Map<String, String> extraEnv) throws IOException {
        Path dir = Files.createDirectories(work.resolve("run-" + System.nanoTime()));
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, ""));
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        return OpsctlRun.in(dir, all, "drill", "--source-url", url);
    }

    private String url(String database, String query) {
        return "postgresql://opsctl@127.0.0.1:" + server.handle().port() + "/" + database + query;
    }

    private static CheckResult sourceTls(OpsctlRun run) throws Exception {
        return LocalJson.MAPPER.readValue(run.stdout(), DrillReport.class).checks().stream()
                .filter(c -> c.name().equals("source-tls")).findFirst().orElseThrow();
    }

    @Test
    void drill_whenVerifyFullWithTheCaInTheUrl_passesAndReportsTheSourcesTls() throws Exception {
        OpsctlRun run = drill(url("shop", "?sslmode=verify-full&sslrootcert=" + ca), Map.of());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        CheckResult tls = sourceTls(run);
        assertThat(tls.passed()).isTrue();
        assertThat(tls.detail()).matches("TLSv1\\.[23] \\S+, server certificate verified \\(sslmode verify-full\\)");
    }

    @Test
    void drill_whenVerifyFullAndTheCaComeFromTheEnvironment_passesForJdbcAndPgDumpAlike() throws Exception {
        OpsctlRun run = drill(url("shop", ""), Map.of("PGSSLMODE", "verify-full", "PGSSLROOTCERT", ca.toString()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(sourceTls(run).detail()).endsWith("server certificate verified (sslmode verify-full)");
    }

    @Test
    void drill_whenTheServerCertificateIsNotFromTheGivenCa_cannotConnect() throws Exception {
        OpsctlRun run = drill(url("shop", "?sslmode=verify-full&sslrootcert=" + otherCa), Map.of());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("is unreachable");
    }

    @Test
    void drill_whenPlaintextWouldBeUsed_cannotReachAnSslOnlyDatabase() throws Exception {
        OpsctlRun run = drill(url("shop", "?sslmode=disable"), Map.of());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("no encryption");
    }

    @Test
    void drill_whenSourceTlsIsRequiredAndTheSourceIsPlaintext_failsSourceTlsAndDumpsNothing() throws Exception {
        Map<String, String> requireTls = Map.of("OPSCTL_CFG_SOURCE_REQUIRETLS", "true");

        OpsctlRun run = drill(url("plain", "?sslmode=disable"), requireTls);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        DrillReport report = LocalJson.MAPPER.readValue(run.stdout(), DrillReport.class);
        assertThat(report.failedChecks()).extracting(CheckResult::name).containsExactly("source-tls");
        assertThat(sourceTls(run).detail()).contains("not encrypted (sslmode disable)", "source.requireTls is on", "nothing was dumped");
        assertThat(report.snapshotId()).isNull();
    }
}
