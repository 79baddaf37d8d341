package com.silenttalk.automation.local.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throwaway server runs as this process's own child: a stop, a restart and a close each leave no postmaster behind. */
class ThrowawayClusterTest {
    @TempDir
    Path work;

    @Test
    void stopImmediatelyRestartAndClose_whenDone_leaveNoPostmasterNotEvenAZombie() throws Exception {
        Path clusters = work.resolve("clusters");
        try (TestClusters.PostmasterWatch watch = TestClusters.watchPostmasters(clusters)) {
            try (ThrowawayCluster cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "reaped")) {
                cluster.createDatabase("kept");
                cluster.stopImmediately();
                assertThat(cluster.isRunning()).isFalse();
                cluster.restart();
                assertThat(selectOne(cluster)).isEqualTo(1);
            }
            watch.close();

            assertThat(watch.pids()).hasSize(2); // the first start and the restart
            assertThat(watch.lingering()).isEmpty();
            assertThat(TestClusters.leftovers(clusters)).isEmpty();
        }
    }

    @Test
    void create_whenTheServerCannotStart_saysWhyFromItsLogAndLeavesNothing() throws Exception {
        Path clusters = work.resolve("clusters");
        Files.createDirectories(clusters, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        // a server refusing its own settings is a start that fails at once, whichever port it gets
        PgBinaries broken = brokenServer(PgBinaries.locate(System.getenv()));

        assertThatThrownBy(() -> ThrowawayCluster.create(broken, clusters, "refused"))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("exited").hasMessageContaining("server log");
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
    }

    @Test
    void createDatabase_whenTheServerOffersTls_talksToItInPlaintextOverLoopback() throws Exception {
        Path clusters = work.resolve("clusters");
        try (ThrowawayCluster cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "admin")) {
            assumeTrue(cluster.handle().tls(), "openssl is missing: the server offers no TLS to leave out");
            try (Connection c = cluster.endpoint("postgres").connect(); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET log_connections = on");
                s.execute("SELECT pg_reload_conf()");
            }
            try (Connection c = cluster.endpoint("postgres").connect()) {
                assertThat(c.isValid(5)).isTrue(); // the verifier's endpoint: TLS, as the server log shows below
            }

            cluster.createDatabase("kept");

            List<String> authorized = Files.readAllLines(cluster.handle().baseDir().resolve("server.log")).stream()
                    .filter(line -> line.contains("connection authorized:")).toList();
            assertThat(authorized).hasSizeGreaterThanOrEqualTo(2);
            assertThat(authorized.get(authorized.size() - 2)).contains("SSL enabled");
            assertThat(authorized.get(authorized.size() - 1)).contains("database=postgres").doesNotContain("SSL");
            assertThat(cluster.loopbackEndpoint("kept").libpqEnvironment()).containsEntry("PGSSLMODE", "disable")
                    .containsEntry("PGHOST", "127.0.0.1");
        }
    }

    /** This machine's tools, but a postgres that is given a setting no server knows. */
    private PgBinaries brokenServer(PgBinaries real) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path realBin = real.tool("postgres").getParent();
        for (String tool : new String[] {"initdb", "pg_ctl"}) {
            Files.createSymbolicLink(bin.resolve(tool), realBin.resolve(tool));
        }
        Path postgres = bin.resolve("postgres");
        Files.writeString(postgres, "#!/bin/sh\nexec " + realBin.resolve("postgres") + " \"$@\" -c no_such_setting=on\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
        return PgBinaries.locate(java.util.Map.of("PG_BIN", bin.toString()));
    }

    private static int selectOne(ThrowawayCluster cluster) throws Exception {
        try (Connection c = cluster.endpoint("kept").connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
