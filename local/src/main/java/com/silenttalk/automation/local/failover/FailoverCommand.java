package com.silenttalk.automation.local.failover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverDecision;
import com.silenttalk.automation.core.failover.FailoverGate;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverTiming;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.backup.SpacePreflight;
import com.silenttalk.automation.local.drill.DemoDataset;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.workflow.StepLoop;
import com.silenttalk.automation.postgres.FailoverChecks;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "failover", mixinStandardHelpOptions = true,
        subcommands = {FailoverApprovalCommands.Approve.class, FailoverApprovalCommands.Plan.class},
        description = {"Failover with guardrails. --demo starts a primary and a streaming standby, stops the primary as an outage would,",
                "lets the gate (a quorum of health check, reachability and replication alarm) decide, then runs",
                "fence → promote → switch cache → switch traffic → verify writes → re-protect, and reports the RTO.",
                "`failover approve --plan ID` approves a stored plan and runs it on the local pair it names;",
                "`failover plan --dry-run --plan ID` shows one."})
public final class FailoverCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss'z'").withZone(ZoneOffset.UTC);

    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--demo", description = "Run the whole chain on a local primary/standby pair.")
    boolean demo;

    @Option(names = "--rows", defaultValue = "10000", description = "Rows loaded on the primary first (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--dry-run", description = "Stop after the gate: print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--alarm-sustain", defaultValue = "2s",
            description = "How long the replication alarm must hold before it counts (default: ${DEFAULT-VALUE}; production: 3m).")
    String alarmSustain;

    @Option(names = "--gate-timeout", defaultValue = "60s", description = "Give up when the gate has not agreed by then.")
    String gateTimeout;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    /** One failover of a pair at a time, whether it runs as a demo or from an approved plan. */
    static OperationLease lease(OpsctlContext opsctl, Duration maxWait, String nodeA, String nodeB) {
        String pair = nodeA.compareTo(nodeB) <= 0 ? nodeA + "+" + nodeB : nodeB + "+" + nodeA;
        return OperationLease.forCommand(opsctl, opsctl.config().stateDir(), "failover", pair, maxWait);
    }

    @Override
    public Integer call() {
        if (!demo) {
            throw new InvalidFieldException("--demo", "is required (or a subcommand: approve --plan ID, plan --dry-run --plan ID)");
        }
        DemoDataset.checkRows("--rows", rows);
        Duration sustain = DurationText.parse("--alarm-sustain", alarmSustain);
        Duration gateLimit = DurationText.parse("--gate-timeout", gateTimeout);
        FailoverWiring wiring = FailoverWiring.of(opsctl::config, opsctl.env(), opsctl.clock());
        PgBinaries binaries = wiring.binaries();
        for (String tool : new String[] {"initdb", "pg_ctl", "pg_basebackup"}) {
            binaries.tool(tool);
        }
        Path clusters = wiring.clustersRoot(null);
        SpacePreflight.require(opsctl.diskSpace(), List.of(SpacePreflight.failoverDemo(clusters, rows)));
        Path state = wiring.state();
        FailoverPolicy policy = new FailoverPolicy(2, sustain, Duration.ofHours(6), Duration.ofHours(1), 4, Duration.ofMinutes(10),
                dryRun ? FailoverMode.DRY_RUN : FailoverMode.AUTOMATIC, Duration.ofMinutes(30));
        String group = "demo-" + STAMP.format(opsctl.clock().instant());
        String prefix = "fo-" + Integer.toHexString(state.toAbsolutePath().toString().hashCode());
        // Even a dry run: starting the demo pair first removes whatever pair of that name exists.
        try (OperationLease lease = lease(opsctl, waitOption.maxWait(), prefix + "-a", prefix + "-b");
             ReplicationPair pair = ReplicationPair.start(binaries, clusters, prefix)) {
            FileRunLedger ledger = wiring.ledger(null);
            String a = prefix + "-a";
            String b = prefix + "-b";
            EndpointFileRouter router = wiring.router(null, pair);
            router.point(group, a);
            DemoDataset.load(pair.endpoint(a), rows);
            long marker = writeMarker(pair, a);
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
                tracker.observe("health-check:" + a, SignalKind.HEALTH_CHECK, !tcpOpen(pair.node(a).handle().port()), now);
                tracker.observe("reachability:" + a, SignalKind.REACHABILITY, !reachable(pair, a), now);
                tracker.observe("replication-alarm:" + b, SignalKind.ALARM, !streaming(pair, b), now);
                lag = replayLag(pair, b);
                decision = FailoverGate.evaluate(policy, tracker.signals(), lag, FailoverHistory.none(), false, now);
                if (decision.quorumMet()) {
                    break;
                }
                ReplicationPair.sleep(Duration.ofMillis(250));
            } while (Duration.between(outage, opsctl.clock().instant()).compareTo(gateLimit) < 0);
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

            FailoverState done = runChain(opsctl, wiring.workflow(pair, router, ledger), state, plan, outage);
            ObjectNode report = report(pair, wiring.database(pair), router, done, decision, a, b, marker);
            opsctl.out().println(report.toString());
            boolean passed = done.step() == com.silenttalk.automation.core.failover.FailoverStep.DONE
                    && report.get("checks").findValues("passed").stream().allMatch(v -> v.asBoolean());
            opsctl.err().printf("[failover] %s: RTO %s (target 30m), %s%n", passed ? "passed" : "FAILED",
                    DurationText.format(done.rto()), done.failure() == null ? "no failure" : done.failure());
            return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    /**
     * The step loop over a local pair, from {@code start} until done or halted: each state is kept in
     * {@code <state>/runs/<plan>.json} and each finished step printed for the operator.
     */
    static FailoverState runChain(OpsctlContext opsctl, FailoverWorkflow workflow, Path state, FailoverPlan plan, Instant start) {
        int[] shown = {0};
        return StepLoop.realTime(opsctl.clock()).run(workflow, FailoverState.begin(plan, start), s -> {
            LocalJson.writeRecordAtomically(state.resolve("runs").resolve(plan.planId() + ".json"), s);
            for (int i = shown[0]; i < s.timings().size(); i++) {
                FailoverTiming t = s.timings().get(i);
                opsctl.err().printf("[failover] %-14s done %8s  %s%n", t.step().label(), DurationText.format(t.duration()), t.detail());
            }
            shown[0] = s.timings().size();
        });
    }

    private ObjectNode report(ReplicationPair pair, LocalPostgresFailover database, EndpointFileRouter router, FailoverState done,
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
        check(checks, "marker-row-survived", count(pair, b, "SELECT count(*) FROM failover_marker WHERE id = " + marker) == 1);
        check(checks, "new-primary-writable", database.isWritable(b));
        check(checks, "old-primary-refuses-writes", refusesWrites(pair, a));
        check(checks, "old-primary-streams-from-new", streaming(pair, a));
        EndpointFileRouter.Endpoint endpoint = router.read(done.plan().group());
        check(checks, "endpoint-points-at-new-primary", endpoint != null && endpoint.node().equals(b));
        return r;
    }

    private static void check(ArrayNode checks, String name, boolean passed) {
        checks.addObject().put("name", name).put("passed", passed);
    }

    private static long writeMarker(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS failover_marker (id bigserial PRIMARY KEY, note text NOT NULL)");
            try (ResultSet rs = s.executeQuery("INSERT INTO failover_marker (note) VALUES ('written before the outage') RETURNING id")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new com.silenttalk.automation.local.EnvironmentException("cannot write the marker row: " + e.getMessage(), e);
        }
    }

    private static long count(ReplicationPair pair, String node, String sql) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static boolean refusesWrites(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE opsctl_fence_probe (id int)");
            return false;
        } catch (SQLException e) {
            return true; // read-only (in recovery) or down: either way no write lands
        }
    }

    private static boolean tcpOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean reachable(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean streaming(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM pg_stat_wal_receiver")) {
            return rs.next() && "streaming".equals(rs.getString(1));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Zero when everything received is replayed; otherwise the age of the last replayed transaction. */
    private static Duration replayLag(ReplicationPair pair, String standby) {
        try (Connection c = pair.endpoint(standby).connect()) {
            return FailoverChecks.replayLag(c);
        } catch (SQLException e) {
            return null;
        }
    }
}
