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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** opsctl failover approve / plan --dry-run against a real file ledger holding a plan the gate stored. */
class FailoverApprovalCommandsTest {
    @TempDir
    Path work;

    /** The gate's APPROVAL_REQUIRED path, as a runner would take it at {@code at}: the plan lands in the ledger. */
    String storePlan(Path ledgerDir, Instant at) {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), new FileRunLedger(ledgerDir), Clock.fixed(at, ZoneOffset.UTC));
        Instant since = at.minus(Duration.ofMinutes(10));
        return failOver.trigger("orders", "orders-a", "orders-b", List.of(Signal.failing("hc", SignalKind.HEALTH_CHECK, since),
                Signal.failing("pg-down", SignalKind.ALARM, since)), Duration.ofSeconds(1), FailoverHistory.none(), false)
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
    void approve_whenThePlanAwaitsApproval_approvesItOnce() throws Exception {
        Path ledger = work.resolve("ledger");
        String planId = storePlan(ledger, Instant.now());

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(out.get("planId").asText()).isEqualTo("orders-gen1");
        assertThat(out.get("to").asText()).isEqualTo("orders-b");
        assertThat(new FileRunLedger(ledger).find(new RunKey("failover-plan/orders-gen1")).orElseThrow().outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(new FileRunLedger(ledger).find(new RunKey("failover-lease/orders-gen1"))).isPresent();

        String before = snapshot(ledger);
        OpsctlRun again = OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString());

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderr()).contains("already approved or executed");
        assertThat(snapshot(ledger)).isEqualTo(before);
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
        assertThat(OpsctlRun.in(work, Map.of(), "failover", "approve", "--plan", planId, "--ledger", ledger.toString()).exitCode()).isZero();
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
