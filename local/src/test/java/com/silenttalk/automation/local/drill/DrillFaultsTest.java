package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.backup.DirectoryRegion;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Damaged backups and lying manifests on a real source server: the drill fails loudly and cleans up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrillFaultsTest {
    @TempDir
    static Path work;
    private Path clusters;
    private ThrowawayCluster source;
    private final PgBinaries binaries = PgBinaries.locate(System.getenv());

    @BeforeAll
    void startSource() {
        clusters = work.resolve("clusters");
        source = ThrowawayCluster.create(binaries, clusters, "faults-source");
        source.createDatabase("silenttalk");
        DemoDataset.load(source.endpoint("silenttalk"), 2000);
    }

    @AfterAll
    void stopSource() {
        source.close();
    }

    private DrillWiring wiring(String name) {
        OpsConfig config = ConfigLoader.load(null, Map.of(
                "OPSCTL_CFG_STATEDIR", work.resolve(name).toString(),
                "OPSCTL_CFG_CLUSTERSDIR", clusters.toString()), work);
        return new DrillWiring(config, source.endpoint("silenttalk"), System.getenv());
    }

    /** Runs the drill up to the restore, lets the test damage the replica, then runs it to the end. */
    private DrillReport drillWithDamagedReplica(DrillWiring wiring, ReplicaDamage damage) throws Exception {
        DrillWorkflow workflow = wiring.drillWorkflow(Clock.systemUTC());
        DrillState state = workflow.start("faults-" + System.nanoTime(), wiring.drillRequest(), Clock.systemUTC().instant());
        while (state.step() != DrillStep.RESTORE) {
            state = workflow.advance(state, Clock.systemUTC().instant()).state();
        }
        damage.apply(((DirectoryRegion) wiring.region("dr")).archive(state.replica().id()));
        while (!state.isDone()) {
            state = workflow.advance(state, Clock.systemUTC().instant()).state();
        }
        return state.report();
    }

    interface ReplicaDamage {
        void apply(Path archive) throws Exception;
    }

    @Test
    void drill_whenOneByteOfTheCopyIsFlipped_failsOnIntegrityAndTearsDown() throws Exception {
        DrillWiring wiring = wiring("flipped");

        DrillReport report = drillWithDamagedReplica(wiring, archive -> {
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                long middle = f.length() / 2;
                f.seek(middle);
                int b = f.read();
                f.seek(middle);
                f.write(b ^ 0x01);
            }
        });

        assertThat(report.passed()).isFalse();
        CheckResult integrity = report.checks().stream().filter(c -> c.name().equals("integrity")).findFirst().orElseThrow();
        assertThat(integrity.passed()).isFalse();
        assertThat(integrity.detail()).contains("sha256", "corrupted");
        assertThat(report.failure()).contains("corrupted");
        assertNothingPrunedAndNothingLeft(wiring, report);
    }

    @Test
    void drill_whenTheCopyIsTruncated_failsOnIntegrityAndTearsDown() throws Exception {
        DrillWiring wiring = wiring("truncated");

        DrillReport report = drillWithDamagedReplica(wiring, archive -> {
            try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
                f.setLength(f.length() - 100);
            }
        });

        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).contains("truncated");
        assertThat(report.checks()).anyMatch(c -> c.name().equals("integrity") && !c.passed());
        assertNothingPrunedAndNothingLeft(wiring, report);
    }

    private void assertNothingPrunedAndNothingLeft(DrillWiring wiring, DrillReport report) throws Exception {
        SnapshotId id = new SnapshotId(report.snapshotId());
        assertThat(wiring.primary().find(id)).as("the primary snapshot survives").isPresent();
        assertThat(Files.exists(wiring.primary().archive(id))).isTrue();
        assertThat(wiring.region("dr").find(id)).as("the damaged replica is kept for inspection").isPresent();
        assertThat(wiring.region("dr").find(id).orElseThrow().verification().name()).isEqualTo("FAILED");
        assertThat(wiring.primary().find(id).orElseThrow().verification().name()).isEqualTo("UNVERIFIED");
        assertThat(report.steps()).extracting(t -> t.step()).contains(DrillStep.TEARDOWN);
        assertThat(Files.exists(clusters.resolve("drill-" + report.runId()))).as("teardown removed the data directory").isFalse();
        assertThat(TestClusters.serverProcesses(clusters.resolve("drill-" + report.runId()))).isEmpty();
    }

    @Test
    void verify_whenTheManifestCountsDoNotMatchTheRestore_failsTheRowCountCheckNamingTheTable() throws Exception {
        Path dir = work.resolve("lying-manifest");
        Files.createDirectories(dir);
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters,
                "source:\n  url: postgresql://opsctl@127.0.0.1:" + source.handle().port() + "/silenttalk\n"));
        Map<String, String> env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(source.endpoint("silenttalk").password()));
        OpsctlRun snapshot = OpsctlRun.in(dir, env, "snapshot");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        String id = LocalJson.MAPPER.readTree(snapshot.stdout()).get("snapshot").asText();
        OpsctlRun copy = OpsctlRun.in(dir, env, "copy");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        Path manifest = dir.resolve("state/regions/dr").resolve(id).resolve("manifest.json");
        ObjectNode m = (ObjectNode) LocalJson.MAPPER.readTree(manifest.toFile());
        ((ObjectNode) m.get("rowCounts")).put("public.messages", m.get("rowCounts").get("public.messages").asLong() + 1);
        Files.writeString(manifest, m.toString());

        OpsctlRun verify = OpsctlRun.in(dir, env, "verify", "--snapshot", id);

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        DrillReport report = LocalJson.MAPPER.readValue(verify.stdout(), DrillReport.class);
        CheckResult counts = report.checks().stream().filter(c -> c.name().equals("row-counts")).findFirst().orElseThrow();
        assertThat(counts.passed()).isFalse();
        long messages = DemoDataset.sizesFor(2000).messages();
        assertThat(counts.detail()).contains("public.messages").contains("restored " + messages)
                .contains("snapshot had " + (messages + 1));
        assertThat(report.failedChecks()).extracting(CheckResult::name).containsExactly("row-counts");
        assertThat(verify.stderr()).contains("row-counts");
    }
}
