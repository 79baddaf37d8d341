package com.silenttalk.automation.local.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failover chain on a real primary and streaming standby, checked from the outside with plain JDBC. */
class LocalFailoverTest {
    @TempDir
    Path work;
    private ReplicationPair pair;
    private EndpointFileRouter router;
    private FailoverWorkflow workflow;
    private FailoverPlan plan;
    private static final String A = "t-a";
    private static final String B = "t-b";

    @BeforeEach
    void startPair() {
        pair = ReplicationPair.start(PgBinaries.locate(System.getenv()), work.resolve("clusters"), "t");
        router = new EndpointFileRouter(work.resolve("endpoints"), pair);
        router.point("db", A);
        workflow = new FailoverWorkflow(new LocalPostgresFailover(pair), CacheSwitcher.NONE, router,
                new FileRunLedger(work.resolve("ledger")), Clock.systemUTC(), Duration.ofSeconds(30));
        Instant now = Instant.now();
        plan = new FailoverPlan("db-gen1", "db", A, B, false, false, now, now.plusSeconds(600), List.of("test"));
    }

    @AfterEach
    void stopPair() {
        pair.close();
    }

    private FailoverState step(FailoverState s) {
        Advance<FailoverState> a = workflow.advance(s, Instant.now());
        return a.state();
    }

    private void exec(String node, String sql) throws SQLException {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long scalar(String node, String sql) throws SQLException {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void failover_afterAnOutage_keepsReplicatedRowsFencesTheOldPrimaryAndReprotectsIt() throws Exception {
        exec(A, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (42)");
        pair.awaitReplayed(A, B, Duration.ofSeconds(30));
        pair.node(A).stopImmediately();

        FailoverState s = step(FailoverState.begin(plan, Instant.now()));
        assertThat(s.step()).isEqualTo(FailoverStep.PROMOTE);
        // An init system restarting the fenced node must not give it back its writes.
        pair.node(A).restart();
        // (A fresh table, not t: a restarted standby accepts reads before it has replayed all its local WAL.)
        assertThatThrownBy(() -> exec(A, "CREATE TABLE fence_probe (id int)")).isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only");

        while (!s.isDone() && !s.halted()) {
            s = step(s);
        }

        assertThat(s.step()).isEqualTo(FailoverStep.DONE);
        assertThat(scalar(B, "SELECT count(*) FROM t WHERE id = 42")).as("replicated row survives").isEqualTo(1);
        exec(B, "INSERT INTO t VALUES (43)");
        assertThat(scalar(B, "SELECT count(*) FROM t")).isEqualTo(2);
        assertThat(router.read("db").node()).isEqualTo(B);
        assertThat(PairProbes.streaming(pair, A)).as("old primary is a streaming standby").isTrue();
        pair.awaitReplayed(B, A, Duration.ofSeconds(30));
        assertThat(scalar(A, "SELECT count(*) FROM t WHERE id = 43")).isEqualTo(1);
        assertThat(PairProbes.refusesWrites(pair, A)).isTrue();
        assertThat(s.rto()).isNotNull().isPositive();
    }

    @Test
    void failover_whenPromotionFails_haltsWithTrafficUnmovedAndResumes() throws Exception {
        pair.node(A).stopImmediately();
        pair.node(B).stopImmediately(); // the promotion target is down too

        FailoverState s = FailoverState.begin(plan, Instant.now());
        while (!s.isDone() && !s.halted()) {
            s = step(s);
        }

        assertThat(s.halted()).isTrue();
        assertThat(s.step()).isEqualTo(FailoverStep.PROMOTE);
        assertThat(s.failure()).contains("promote failed");
        assertThat(router.read("db").node()).as("traffic never moved").isEqualTo(A);

        pair.node(B).restart();
        s = s.resumed(Instant.now());
        while (!s.isDone() && !s.halted()) {
            s = step(s);
        }

        assertThat(s.step()).isEqualTo(FailoverStep.DONE);
        assertThat(router.read("db").node()).isEqualTo(B);
    }
}
