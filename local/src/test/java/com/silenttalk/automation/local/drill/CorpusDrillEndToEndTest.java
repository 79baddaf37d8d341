package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every database of the verification corpus, drilled through opsctl exactly as an operator would
 * ({@code opsctl drill --source-url}), all in one state directory: each exits 0 with every check
 * passed, including the ones a restore into an empty server used to break (roles named by
 * policies, a tablespace, extensions, dropped and inherited columns).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusDrillEndToEndTest {
    @TempDir
    static Path work;
    private ThrowawayCluster server;
    private Path clusters;
    private Map<String, String> env;

    @BeforeAll
    void buildTheCorpus() {
        clusters = work.resolve("clusters");
        server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "corpus-source");
        String password = new String(server.endpoint("postgres").password());
        Corpus.build(new Corpus.Server("127.0.0.1", server.handle().port(), server.handle().superuser(), password,
                work.resolve("corpus-space")), EnumSet.allOf(Corpus.Database.class));
        env = Map.of("OPSCTL_SOURCE_PASSWORD", password);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Corpus.Database.class)
    void drill_whenTheSourceIsACorpusDatabase_exitsZeroWithEveryCheckPassed(Corpus.Database database) throws Exception {
        Path dir = work.resolve("drills");
        Files.createDirectories(dir);
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, ""));

        OpsctlRun drill = OpsctlRun.in(dir, env, "drill", "--source-url",
                "postgresql://opsctl@127.0.0.1:" + server.handle().port() + "/" + database.databaseName(),
                "--report-dir", database.databaseName());

        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        DrillReport report = LocalJson.MAPPER.readValue(drill.stdout(), DrillReport.class);
        assertThat(report.failedChecks()).isEmpty();
        assertThat(report.database()).isEqualTo(DatabaseId.forDatabaseName(database.databaseName()).value());
        assertThat(report.checks()).extracting(CheckResult::name).contains("source-identity", "restore-scope", "row-counts");
        assertThat(report.checks()).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS);
        if (database == Corpus.Database.LEGACY) {
            String scope = report.checks().stream().filter(c -> c.name().equals("restore-scope")).findFirst().orElseThrow().detail();
            assertThat(scope).contains("app_reader", "app_writer").contains("tablespace " + Corpus.TABLESPACE);
        }
    }
}
