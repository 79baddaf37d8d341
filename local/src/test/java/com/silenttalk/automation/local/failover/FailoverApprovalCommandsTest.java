package com.silenttalk.automation.local.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * opsctl failover approve / plan --dry-run against a real file ledger holding a plan the gate
 * stored; an approval runs the plan on a real PostgreSQL primary and streaming standby.
 */
class FailoverApprovalCommandsTest {
    @TempDir
    Path work;

    /** The gate's APPROVAL_REQUIRED path, as a runner would take it at {@code at}: the plan lands in the ledger. */
    String storePlan(Path ledgerDir, Instant at) {
        return storePlan(ledgerDir, at, "orders-a", "orders-b");
    }

    String storePlan(Path ledgerDir, Instant at, String from, String to) {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), new FileRunLedger(ledgerDir), Clock.fixed(at, ZoneOffset.UTC));
        Instant since = at.minus(Duration.ofMinutes(10));
        return failOver.trigger("orders", from, to, List.of(Signal.failing("hc", SignalKind.HEALTH_CHECK, since),
                Signal.failing("pg-down", SignalKind.ALARM, since)), Duration.ofSeconds(1), FailoverHistory.none(), Optional.empty())
                .plan().orElseThrow().planId();
    }

    static String snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().map(f -> {
                try {
                    return f + "=" + Files.readString(f);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList().toString();
        }
    }

    @Test
    void approve_whenThePlanAwaitsApproval_runsItOnTheRealPairOnceAndASecondApprovalChangesNothing() throws Exception {
        Path ledger = work.resolve("ledger");
        Path clusters = work.resolve("clusters");
        Path endpoints = work.resolve("endpoints");
        try (ReplicationPair pair = ReplicationPair.start(PgBinaries.locate(System.getenv()), clusters, "ap")) {
            EndpointFileRouter router = new EndpointFileRouter(endpoints, pair);
            router.point("orders", "ap-a");
            exec(pair, "ap-a", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (42)");
            pair.awaitReplayed("ap-a", "ap-b", Duration.ofSeconds(60));
            String planId = storePlan(ledger, Instant.now(), "ap-a", "ap-b");

            OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString(),
                    "--clusters", clusters.toString(), "--endpoints", endpoints.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode out = LocalJson.MAPPER.readTree(run.stdout());
            assertThat(out.get("approved").asBoolean()).isTrue();
            assertThat(out.get("step").asText()).isEqualTo("done");
            assertThat(out.get("rtoMillis").asLong()).isPositive();
            assertThat(router.read("orders").node()).isEqualTo("ap-b");
            assertThat(router.read("orders").port()).isEqualTo(pair.node("ap-b").handle().port());
            assertThat(new LocalPostgresFailover(pair).isWritable("ap-b")).isTrue();
            assertThat(scalar(pair, "ap-b", "SELECT count(*) FROM t WHERE id = 42")).isEqualTo(1);
            // re-protected: the old primary streams from the new one, read-only
            assertThat(new LocalPostgresFailover(pair).isWritable("ap-a")).isFalse();
            assertThat(new FileRunLedger(ledger).find(new RunKey("failover-plan/orders-gen1")).orElseThrow().outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            assertThat(new FileRunLedger(ledger).find(new RunKey("failover/orders-gen1")).orElseThrow().outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            assertThat(run.stderr()).contains("promote").contains("switch-traffic").contains("done, RTO");

            String before = snapshot(ledger) + snapshot(endpoints);
            OpsctlRun again = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString(),
                    "--clusters", clusters.toString(), "--endpoints", endpoints.toString());

            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.stderr()).contains("already approved or executed");
            assertThat(snapshot(ledger) + snapshot(endpoints)).isEqualTo(before);
            assertThat(router.read("orders").node()).isEqualTo("ap-b");
        }
    }

    @Test
    void approve_withDryRun_printsTheStepsAndApprovesAndRunsNothing() throws Exception {
        Path ledger = work.resolve("ledger");
        Path clusters = work.resolve("clusters");
        Path endpoints = work.resolve("endpoints");
        try (ReplicationPair pair = ReplicationPair.start(PgBinaries.locate(System.getenv()), clusters, "dr")) {
            new EndpointFileRouter(endpoints, pair).point("orders", "dr-a");
            String planId = storePlan(ledger, Instant.now(), "dr-a", "dr-b");
            String before = snapshot(ledger) + snapshot(endpoints);

            OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "approve", "--dry-run", "--plan", planId, "--ledger",
                    ledger.toString(), "--clusters", clusters.toString(), "--endpoints", endpoints.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode out = LocalJson.MAPPER.readTree(run.stdout());
            assertThat(out.get("dryRun").asBoolean()).isTrue();
            assertThat(out.get("steps")).extracting(JsonNode::asText).startsWith("fence", "promote");
            assertThat(run.stderr()).contains("nothing done");
            assertThat(snapshot(ledger) + snapshot(endpoints)).isEqualTo(before);
            assertThat(new LocalPostgresFailover(pair).isWritable("dr-a")).isTrue();
            assertThat(new LocalPostgresFailover(pair).isWritable("dr-b")).isFalse();
        }
    }

    @Test
    void approve_whenThePlansPairIsNotThere_exits2NamingClustersAndLeavesThePlanAwaiting() throws Exception {
        Path ledger = work.resolve("ledger");
        String planId = storePlan(ledger, Instant.now());
        String before = snapshot(ledger);

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString(),
                "--clusters", work.resolve("no-clusters").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--clusters").contains("no local cluster 'orders-a'");
        assertThat(snapshot(ledger)).isEqualTo(before);
    }

    static void exec(ReplicationPair pair, String node, String sql) throws SQLException {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long scalar(ReplicationPair pair, String node, String sql) throws SQLException {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void approve_whenThePlanIsUnknownMalformedOrExpired_exits2AndChangesNothing() throws Exception {
        Path ledger = work.resolve("ledger");
        String expired = storePlan(ledger, Instant.now().minus(Duration.ofHours(2)));
        String before = snapshot(ledger);

        OpsctlRun unknown = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", "orders-gen9", "--ledger", ledger.toString());
        OpsctlRun malformed = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", "../orders", "--ledger", ledger.toString());
        OpsctlRun late = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", expired, "--ledger", ledger.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("no failover plan 'orders-gen9' awaits approval");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.stderr()).contains("is not a plan id");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.stderr()).contains("expired");
        assertThat(snapshot(ledger)).isEqualTo(before);
    }

    @Test
    void planDryRun_whenThePlanAwaitsApproval_printsItAndChangesNothing() throws Exception {
        Path ledger = work.resolve("ledger");
        String planId = storePlan(ledger, Instant.now());
        String before = snapshot(ledger);

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "plan", "--dry-run", "--plan", planId, "--ledger", ledger.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(out.get("steps")).extracting(JsonNode::asText)
                .containsExactly("fence", "promote", "switch-cache", "switch-traffic", "verify-writes", "reprotect");
        assertThat(out.get("reasons").toString()).contains("quorum met");
        assertThat(snapshot(ledger)).isEqualTo(before);
        // still approvable afterwards
        assertThat(new FailOver(FailoverPolicy.defaults(), new FileRunLedger(ledger), Clock.systemUTC()).awaitingApproval(planId).planId())
                .isEqualTo(planId);
    }

    @Test
    void plan_withoutDryRun_isBadInputNamingTheOption() throws Exception {
        Path ledger = work.resolve("ledger");
        String planId = storePlan(ledger, Instant.now());

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "plan", "--plan", planId, "--ledger", ledger.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--dry-run");
    }
}
