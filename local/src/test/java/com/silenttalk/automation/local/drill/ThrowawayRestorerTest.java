package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore's server started early (while the dump runs) is the one the restore uses, and is removed if no restore does. */
class ThrowawayRestorerTest {
    @TempDir
    Path work;

    private ThrowawayRestorer restorer(Path clusters) {
        return new ThrowawayRestorer(PgBinaries.locate(System.getenv()), clusters, List.of(), 2, Duration.ofMinutes(5), null);
    }

    /** The early server's postmaster.pid once it is up: its first line is the server's process id, the fourth its port. */
    private static List<String> whenUp(Path clusters, String name) throws Exception {
        Path pid = clusters.resolve(name).resolve("data/postmaster.pid");
        for (int i = 0; i < 1200 && !(Files.exists(clusters.resolve(name).resolve("cluster.json")) && Files.exists(pid)
                && Files.readAllLines(pid).size() >= 8 && Files.readAllLines(pid).get(7).contains("ready")); i++) {
            Thread.sleep(100);
        }
        return Files.readAllLines(pid);
    }

    @Test
    void server_whenStartedEarly_isThatServerStillRunning() throws Exception {
        Path clusters = work.resolve("clusters");
        ThrowawayRestorer restorer = restorer(clusters);

        restorer.startEarly("drill-early");
        List<String> early = whenUp(clusters, "drill-early");
        ThrowawayCluster server = restorer.server("drill-early");

        try {
            assertThat(early.get(7)).contains("ready");
            assertThat(server.handle().port()).isEqualTo(Integer.parseInt(early.get(3).strip()));
            assertThat(Files.readAllLines(clusters.resolve("drill-early/data/postmaster.pid")).get(0))
                    .as("the same server process, not a second start").isEqualTo(early.get(0));
            try (var c = server.endpoint(ThrowawayRestorer.DATABASE).connect()) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            restorer.tearDown("drill-early");
        }
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
    }

    @Test
    void tearDown_whenNoRestoreTookTheEarlyServer_removesIt() throws Exception {
        Path clusters = work.resolve("clusters");
        ThrowawayRestorer restorer = restorer(clusters);
        restorer.startEarly("drill-unused");

        restorer.tearDown("drill-unused");

        assertThat(TestClusters.leftovers(clusters)).isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    @Test
    void loopbackPlaintext_whenTheServerIsOnLoopback_isPgRestoresEndpointWithoutTls() {
        PgEndpoint server = new PgEndpoint("127.0.0.1", 5999, ThrowawayRestorer.DATABASE, "opsctl", "pw".toCharArray(), "prefer");

        assertThat(ThrowawayRestorer.loopbackPlaintext(server).libpqEnvironment()).containsEntry("PGSSLMODE", "disable")
                .containsEntry("PGHOST", "127.0.0.1").containsEntry("PGPORT", "5999");
        assertThat(server.sslMode()).as("the verifier's endpoint keeps its TLS").isEqualTo("prefer");
        assertThatThrownBy(() -> ThrowawayRestorer.loopbackPlaintext(new PgEndpoint("db.example", 5432, "d", "u",
                "pw".toCharArray(), "prefer"))).isInstanceOf(IllegalStateException.class);
    }
}
