package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local drill of a corpus database, with one thing taken away from the restored copy after
 * pg_restore and before verification: the drill's report fails exactly the matching check, naming
 * the object, and every other check passes. One snapshot per database serves every case (the
 * window's snapshot is reused); each case restores its own throwaway server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoredCopyMutationDrillTest {
    @TempDir
    static Path work;
    private Path clusters;
    private ThrowawayCluster source;
    private final PgBinaries binaries = PgBinaries.locate(System.getenv());

    @BeforeAll
    void buildTheCorpus() {
        clusters = work.resolve("clusters");
        source = ThrowawayCluster.create(binaries, clusters, "mutation-source");
        Corpus.build(new Corpus.Server("127.0.0.1", source.handle().port(), source.handle().superuser(),
                new String(source.endpoint("postgres").password()), work.resolve("corpus-space")), EnumSet.of(Database.CHAT, Database.LEGACY));
    }

    @AfterAll
    void stopSource() {
        source.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CHAT | SELECT setval('chat.invite_codes', 1000, false)        | sequences  | chat.invite_codes: behind its snapshot position",
        "CHAT | DROP TRIGGER conversations_title ON chat.conversations | triggers   | conversations_title on chat.conversations: missing from the restore",
        "CHAT | TRUNCATE chat.messages_2024_02                         | partitions | chat.messages_2024_02: restored 0 rows, snapshot had",
        "LEGACY | SELECT lo_unlink(424202)                             | large-objects | 424202: missing from the restore",
        "LEGACY | DROP POLICY notes_write ON public.notes               | policies   | notes_write on public.notes: missing from the restore",
    })
    void drill_whenTheRestoredCopyLosesOneThingBeforeVerification_failsExactlyThatCheckNamingIt(Database corpus, String mutation,
                                                                                              String check, String named) throws Exception {
        DrillReport report = drillMutatingTheRestore(corpus, mutation);

        assertThat(report.checks()).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS);
        assertThat(report.failedChecks()).extracting(CheckResult::name).as(mutation).containsExactly(check);
        assertThat(report.failedChecks()).singleElement().satisfies(c -> assertThat(c.detail()).as(mutation).contains(named));
        assertThat(report.steps()).extracting(t -> t.step()).contains(DrillStep.TEARDOWN);
        assertThat(Files.exists(clusters.resolve("drill-" + report.runId()))).as("teardown removed the data directory").isFalse();
        assertThat(TestClusters.serverProcesses(clusters.resolve("drill-" + report.runId()))).isEmpty();
    }

    /** Runs the drill through the restore, applies {@code mutation} to the restored database, then runs it to the end. */
    private DrillReport drillMutatingTheRestore(Database corpus, String mutation) throws Exception {
        OpsConfig config = ConfigLoader.load(null, Map.of(
                "OPSCTL_CFG_STATEDIR", work.resolve("state-" + corpus.databaseName()).toString(),
                "OPSCTL_CFG_CLUSTERSDIR", clusters.toString()), work);
        DrillWiring wiring = new DrillWiring(config, source.endpoint(corpus.databaseName()), System.getenv());
        DrillWorkflow workflow = wiring.drillWorkflow(Clock.systemUTC());
        DrillState state = workflow.start("mutation-" + System.nanoTime(), wiring.drillRequest(), Clock.systemUTC().instant());
        while (state.step() != DrillStep.VERIFY && !state.isDone()) {
            state = workflow.advance(state, Clock.systemUTC().instant()).state();
        }
        assertThat(state.instance()).as("restored before verification: %s", state.report()).isNotNull();
        RestoredInstance restored = state.instance();
        String password = new String(ThrowawayCluster.readPassword(Path.of(restored.credentialsRef())));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + restored.host() + ":" + restored.port() + "/"
                + restored.database(), restored.details().get("user"), password); Statement s = c.createStatement()) {
            s.execute(mutation);
        }
        while (!state.isDone()) {
            state = workflow.advance(state, Clock.systemUTC().instant()).state();
        }
        return state.report();
    }
}
