package com.silenttalk.automation.local.failover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.failover.FailoverDecision;
import com.silenttalk.automation.core.failover.FailoverGate;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.backup.SpacePreflight;
import com.silenttalk.automation.local.drill.DemoDataset;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.postgres.PgBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code opsctl failover --demo}: a primary and a streaming standby, the primary stopped as an outage would, the gate's
 * quorum heard from the pair, then the step loop and the checks that it worked (the report on stdout).
 */
final class FailoverDemo {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss'z'").withZone(ZoneOffset.UTC);

    /**
     * @param sustain   how long the replication alarm must hold before it counts
     * @param gateLimit when to give up on a gate that has not agreed
     * @param maxWait   how long to wait for a failover of the same pair to end
     */
    record Settings(long rows, Duration sustain, Duration gateLimit, boolean dryRun, Duration maxWait) {
    }

    private FailoverDemo() {
    }

    static int run(OpsctlContext opsctl, Settings settings) {
        FailoverWiring wiring = FailoverWiring.of(opsctl::config, opsctl.env(), opsctl.clock());
        PgBinaries binaries = wiring.binaries();
        for (String tool : new String[] {"initdb", "pg_ctl", "pg_basebackup"}) {
            binaries.tool(tool);
        }
        Path clusters = wiring.clustersRoot(null);
        SpacePreflight.require(opsctl.diskSpace(), List.of(SpacePreflight.failoverDemo(clusters, settings.rows())));
        Path state = wiring.state();
        FailoverPolicy policy = new FailoverPolicy(2, settings.sustain(), Duration.ofHours(6), Duration.ofHours(1), 4, Duration.ofMinutes(10),
                settings.dryRun() ? FailoverMode.DRY_RUN : FailoverMode.AUTOMATIC, Duration.ofMinutes(30));
        String group = "demo-" + STAMP.format(opsctl.clock().instant());
        String prefix = "fo-" + Integer.toHexString(state.toAbsolutePath().toString().hashCode());
        // Even a dry run: starting the demo pair first removes whatever pair of that name exists.
        try (OperationLease lease = FailoverChain.lease(opsctl, settings.maxWait(), prefix + "-a", prefix + "-b");
             ReplicationPair pair = ReplicationPair.start(binaries, clusters, prefix)) {
            FileRunLedger ledger = wiring.ledger(null);
            String a = prefix + "-a";
            String b = prefix + "-b";
            EndpointFileRouter router = wiring.router(null, pair);
            router.point(group, a);
            DemoDataset.load(pair.endpoint(a), settings.rows());
            long marker = PairProbes.writeMarker(pair, a);
            pair.awaitReplayed(a, b, Duration.ofSeconds(60));
            opsctl.err().printf("[failover] %s primary %s, standby %s streaming; marker row %d replicated%n", group, a, b, marker);

            pair.node(a).stopImmediately();
            Instant outage = opsctl.clock().instant();
            opsctl.err().printf("[failover] primary %s stopped at once (simulated outage)%n", a);

            SignalTracker tracker = wiring.signalTracker(policy);
            FailoverDecision decision;
            Duration lag;
            do {
                Instant now = opsctl.clock().instant();
                tracker.observe("health-check:" + a, SignalKind.HEALTH_CHECK, !PairProbes.tcpOpen(pair.node(a).handle().port()), now);
                tracker.observe("reachability:" + a, SignalKind.REACHABILITY, !PairProbes.reachable(pair, a), now);
                tracker.observe("replication-alarm:" + b, SignalKind.ALARM, !PairProbes.streaming(pair, b), now);
                lag = PairProbes.replayLag(pair, b);
                decision = FailoverGate.evaluate(policy, tracker.signals(), lag, FailoverHistory.none(), false, now);
                if (decision.quorumMet()) {
                    break;
                }
                ReplicationPair.sleep(Duration.ofMillis(250));
            } while (Duration.between(outage, opsctl.clock().instant()).compareTo(settings.gateLimit()) < 0);
            opsctl.err().printf("[failover] gate: %s (%s)%n", decision.verdict(), String.join("; ", decision.reasons()));
            if (!decision.quorumMet()) {
                opsctl.out().println(LocalJson.write(decision));
                return ExitCode.CHECK_FAILED;
            }

            FailOver.TriggerResult trigger = wiring.failOver(policy, ledger)
                    .trigger(group, a, b, tracker.signals(), lag, FailoverHistory.none(), Optional.empty());
            FailoverPlan plan = trigger.plan().orElseThrow();
            if (!trigger.execute()) {
                ObjectNode out = LocalJson.MAPPER.createObjectNode();
                out.set("plan", LocalJson.MAPPER.valueToTree(plan));
                out.put("note", trigger.note());
                opsctl.out().println(out.toString());
                opsctl.err().printf("[failover] %s: %s%n", plan.planId(), trigger.note());
                return ExitCode.OK;
            }

            FailoverState done = FailoverChain.run(opsctl, wiring.workflow(pair, router, ledger), state, plan, outage);
            ObjectNode report = report(pair, wiring.database(pair), router, done, decision, a, b, marker);
            opsctl.out().println(report.toString());
            boolean passed = done.step() == FailoverStep.DONE
                    && report.get("checks").findValues("passed").stream().allMatch(v -> v.asBoolean());
            opsctl.err().printf("[failover] %s: RTO %s (target 30m), %s%n", passed ? "passed" : "FAILED",
                    DurationText.format(done.rto()), done.failure() == null ? "no failure" : done.failure());
            return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    private static ObjectNode report(ReplicationPair pair, LocalPostgresFailover database, EndpointFileRouter router, FailoverState done,
                              FailoverDecision decision, String a, String b, long marker) {
        ObjectNode r = LocalJson.MAPPER.createObjectNode();
        r.put("planId", done.plan().planId());
        r.put("from", a);
        r.put("to", b);
        r.put("rto", done.rto() == null ? null : done.rto().toString());
        r.put("rtoTarget", Duration.ofMinutes(30).toString());
        r.put("dataLossBytes", done.dataLossBytes());
        r.put("halted", done.halted());
        if (done.failure() != null) {
            r.put("failure", done.failure());
        }
        r.set("gate", LocalJson.MAPPER.valueToTree(decision.reasons()));
        r.set("steps", LocalJson.MAPPER.valueToTree(done.timings()));
        ArrayNode checks = r.putArray("checks");
        check(checks, "marker-row-survived", PairProbes.count(pair, b, "SELECT count(*) FROM failover_marker WHERE id = " + marker) == 1);
        check(checks, "new-primary-writable", database.isWritable(b));
        check(checks, "old-primary-refuses-writes", PairProbes.refusesWrites(pair, a));
        check(checks, "old-primary-streams-from-new", PairProbes.streaming(pair, a));
        EndpointFileRouter.Endpoint endpoint = router.read(done.plan().group());
        check(checks, "endpoint-points-at-new-primary", endpoint != null && endpoint.node().equals(b));
        return r;
    }

    private static void check(ArrayNode checks, String name, boolean passed) {
        checks.addObject().put("name", name).put("passed", passed);
    }
}
