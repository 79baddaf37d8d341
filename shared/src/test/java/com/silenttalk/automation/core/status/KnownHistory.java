package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.alerting.RoutingRules;
import com.silenttalk.automation.core.alerting.Severity;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.InMemoryReplicator;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.FakeInspector;
import com.silenttalk.automation.core.drill.FakeRestorer;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.FakeDatabaseTarget;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A history with known outcomes, played through the suite's own use cases (TakeSnapshots,
 * ReplicateSnapshot, DrillWorkflow, RotateSecret, FailOver, RouteAlert) into whatever ledger and
 * report store a test gives: in-memory for the core, the file ledger and drill journal for opsctl,
 * DynamoDB and S3 for AWS, Table and Blob storage for Azure. The same calls give the same records
 * on every runner, so their status must give the same verdicts.
 * <p>Snapshot and restore backends are in-memory fakes: the ledger and the reports are what status reads.
 */
public final class KnownHistory {
    /** "Now" for every status question asked of this history. */
    public static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    public static final String PRIMARY = "primary";
    public static final String DR = "dr";
    public static final DrillTargets TARGETS = new DrillTargets(Duration.ofMinutes(30), Duration.ofHours(6));
    public static final BackupPolicy BACKUP = new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), 1, List.of(DR));
    private static final Map<String, Long> COUNTS = Map.of("public.users", 1000L, "public.messages", 25_000L);
    private static final String FINGERPRINT = "fp-" + "ab".repeat(16);
    private static final long ARCHIVE_BYTES = 48L * 1024 * 1024;

    private final RunLedger ledger;
    private final Consumer<DrillState> finished;
    private final ManualClock clock = new ManualClock(NOW.minus(Duration.ofDays(60)));
    private final InMemorySnapshotStore primary = new InMemorySnapshotStore(PRIMARY);
    private final InMemorySnapshotStore dr = new InMemorySnapshotStore(DR);
    private final InMemoryReplicator replicator = new InMemoryReplicator(primary, dr);
    private final Map<String, InMemorySecretStore> secrets = new HashMap<>();
    private final List<DrillReport> written = new ArrayList<>();
    private int drills;
    private boolean lockCopies = true;

    /**
     * @param finished where each finished drill goes, as the runner keeps it: its report writer
     *                 ({@code s -> writer.write(s.report())}) or the local drill journal ({@code journal::save})
     */
    public KnownHistory(RunLedger ledger, Consumer<DrillState> finished) {
        this.ledger = ledger;
        this.finished = finished;
        primary.manifestOnTake(s -> new SnapshotManifest(s.id(), s.database(), s.createdAt(), "15.8", FINGERPRINT, COUNTS,
                "cd".repeat(32), ARCHIVE_BYTES));
    }

    /** The policy the verdicts of this history are stated for: the default targets, copies to {@link #DR}. */
    public static StatusPolicy policy() {
        return StatusPolicy.defaults(TARGETS, List.of(DR));
    }

    public List<DrillReport> reports() {
        return List.copyOf(written);
    }

    // ---- the databases ---------------------------------------------------------------------

    /** SAFE: a snapshot and a locked copy every six hours for two days, drills weekly, the last three passed. */
    public KnownHistory healthy(String database) {
        return drilledWeekly(database);
    }

    /** AT RISK: as {@link #healthy}, but no copy is locked, so the drills read back that the suite could delete them all. */
    public KnownHistory unlockedCopies(String database) {
        lockCopies = false;
        try {
            return drilledWeekly(database);
        } finally {
            lockCopies = true;
        }
    }

    private KnownHistory drilledWeekly(String database) {
        snapshotsEverySixHours(database, NOW.minus(Duration.ofDays(22)), NOW.minus(Duration.ofDays(21)).plusSeconds(1));
        drill(database, NOW.minus(Duration.ofDays(21)), Outcome.PASSES);
        snapshotsEverySixHours(database, NOW.minus(Duration.ofDays(15)), NOW.minus(Duration.ofDays(14)).plusSeconds(1));
        drill(database, NOW.minus(Duration.ofDays(14)), Outcome.RESTORE_FAILS);
        drill(database, NOW.minus(Duration.ofDays(14)).plus(Duration.ofHours(2)), Outcome.PASSES);
        snapshotsEverySixHours(database, NOW.minus(Duration.ofDays(2)), NOW);
        drill(database, NOW.minus(Duration.ofDays(1)), Outcome.PASSES);
        return this;
    }

    /** AT RISK: the last snapshot is 33 hours old and the last drill found the copy corrupt. */
    public KnownHistory staleAndFailing(String database) {
        snapshotsEverySixHours(database, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofHours(33)).plusSeconds(1));
        drill(database, NOW.minus(Duration.ofDays(2)), Outcome.PASSES);
        drill(database, NOW.minus(Duration.ofHours(31)), Outcome.CORRUPT_COPY);
        return this;
    }

    /** UNKNOWN: fresh snapshots and copies, but no drill has ever restored one. */
    public KnownHistory undrilled(String database) {
        snapshotsEverySixHours(database, NOW.minus(Duration.ofDays(1)), NOW);
        return this;
    }

    /** AT RISK: fresh snapshots, but no copy ever reached the DR region. */
    public KnownHistory uncopied(String database) {
        for (Instant at = NOW.minus(Duration.ofDays(1)); at.isBefore(NOW); at = at.plus(Duration.ofHours(6))) {
            takeSnapshot(database, at);
        }
        return this;
    }

    // ---- the platform ------------------------------------------------------------------------

    /** A rotation of {@code secret} that completes all four steps at {@code at}. */
    public KnownHistory rotation(String secret, Instant at) {
        rotate(secret, at, true);
        return this;
    }

    /** A rotation whose target cannot be reached: setSecret fails and is recorded as FAILED. */
    public KnownHistory failedRotation(String secret, Instant at) {
        rotate(secret, at, false);
        return this;
    }

    /** The gate's quorum met with approval required: a plan stored at {@code at}, awaiting an operator for 30 minutes. */
    public KnownHistory pendingFailoverPlan(String group, Instant at) {
        clock.set(at);
        List<Signal> quorum = List.of(Signal.failing("health", SignalKind.HEALTH_CHECK, at.minus(Duration.ofMinutes(10))),
                Signal.failing("reach", SignalKind.REACHABILITY, at.minus(Duration.ofMinutes(10))),
                Signal.failing("alarm", SignalKind.ALARM, at.minus(Duration.ofMinutes(10))));
        new FailOver(FailoverPolicy.defaults(), ledger, clock).trigger(group, group + "-a", group + "-b", quorum,
                Duration.ofSeconds(2), FailoverHistory.read(ledger, group), Optional.empty());
        return this;
    }

    /** An operator's approval of a stored plan: it is no longer pending. */
    public KnownHistory approve(String planId, Instant at) {
        clock.set(at);
        new FailOver(FailoverPolicy.defaults(), ledger, clock).approve(planId);
        return this;
    }

    /** An alarm whose only channel (Slack) refuses it: the delivery is dead-lettered and the alert run FAILED. */
    public KnownHistory deadLetter(String alarm, Instant at) {
        clock.set(at);
        Channel slack = new Channel("ops-slack", ChannelKind.SLACK);
        AlertSink refusing = new AlertSink() {
            @Override
            public ChannelKind kind() {
                return ChannelKind.SLACK;
            }

            @Override
            public void deliver(Delivery delivery) {
                throw new DeliveryFailedException("slack ops-slack: HTTP 503 after 4 attempts", 4);
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
        Alert alert = new Alert(AlertSource.CLOUDWATCH_EVENT, "123456789012", "eu-west-1", "AWS/RDS", "DBInstanceIdentifier=orders",
                alarm, "CPUUtilization", AlertState.FIRING, Severity.CRITICAL, null, at, at,
                DedupeKey.of("aws", "123456789012", "eu-west-1", alarm),
                URI.create("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"), Map.of(), Map.of());
        new RouteAlert(new AlertGate(SuppressionPolicy.DEFAULT), new RoutingRules(List.of(slack), List.of(), List.of("ops-slack")),
                List.of(refusing), (delivery, reason, when) -> { }, ledger, now -> List.of(), List.of(), clock)
                .route(alert, false);
        return this;
    }

    // ---- the moves ---------------------------------------------------------------------------

    enum Outcome { PASSES, RESTORE_FAILS, CORRUPT_COPY }

    /** One per window, taken 30 s into it, from the window holding {@code from} to the one before {@code until}. */
    private void snapshotsEverySixHours(String database, Instant from, Instant until) {
        for (Instant at = SnapshotWindow.containing(from, BACKUP.interval()).start(); at.isBefore(until); at = at.plus(BACKUP.interval())) {
            Snapshot taken = takeSnapshot(database, at);
            clock.set(at.plus(Duration.ofMinutes(5)));
            new ReplicateSnapshot(replicator, ledger, clock).execute(taken, BACKUP);
            if (lockCopies) {
                dr.lock(taken.id(), CopyLock.until(at.plus(BACKUP.retention()), "COMPLIANCE", false,
                        "in memory: COMPLIANCE retention until " + at.plus(BACKUP.retention())));
            }
        }
    }

    private Snapshot takeSnapshot(String database, Instant at) {
        clock.set(at.plusSeconds(30));
        SnapshotWindow window = SnapshotWindow.containing(at, BACKUP.interval());
        new TakeSnapshots(primary, ledger, clock).execute(List.of(new DatabaseId(database)), window);
        return primary.get(window.snapshotIdFor(new DatabaseId(database))).orElseThrow();
    }

    /** Restores the newest copy in {@link #DR} (as the AWS and Azure drills do), verifies it, tears down, reports. */
    private void drill(String database, Instant at, Outcome outcome) {
        DatabaseId id = new DatabaseId(database);
        Snapshot replica = dr.list().stream().filter(s -> s.database().equals(id) && !s.createdAt().isAfter(at))
                .max(java.util.Comparator.comparing(Snapshot::createdAt)).orElseThrow();
        FakeRestorer restorer = new FakeRestorer().pendingRestores(2 + drills % 3, Duration.ofMinutes(3));
        if (outcome == Outcome.RESTORE_FAILS) {
            restorer.failRestore("restore of " + replica.id() + " timed out");
        } else if (outcome == Outcome.CORRUPT_COPY) {
            restorer.failIntegrity("archive of " + replica.ref() + " has sha256 0f0f… but its manifest says cdcd…");
        }
        FakeInspector inspector = new FakeInspector(new DatabaseFacts(true, true, "TLSv1.3", FINGERPRINT, COUNTS, Map.of()));
        DrillWorkflow workflow = new DrillWorkflow(primary, dr, replicator, restorer, inspector, ledger, clock);
        DrillRequest request = new DrillRequest(id, BACKUP.interval(), DR, TARGETS, List.of(), true);
        String runId = database + "-" + DateStamp.of(at) + "-" + (++drills);
        clock.set(at);
        DrillState state = workflow.startFromReplica(runId, request, replica, dr.manifest(replica.id()).orElseThrow(), at);
        Instant now = at;
        for (int turn = 0; turn < 50 && !state.isDone(); turn++) {
            clock.set(now.plusSeconds(40 + turn * 7L));
            Advance<DrillState> a = workflow.advance(state, now);
            state = a.state();
            if (a.isDone()) {
                break;
            }
            now = clock.instant().plus(a.nextCheckAfter().orElse(Duration.ZERO));
        }
        if (!state.isDone()) {
            throw new IllegalStateException("drill " + runId + " did not finish");
        }
        written.add(state.report());
        finished.accept(state);
    }

    private void rotate(String secret, Instant at, boolean succeeds) {
        char[] old = ("old-" + secret.hashCode() + "-0123456789abcdefghij").toCharArray();
        InMemorySecretStore store = secrets.computeIfAbsent(secret, s -> new InMemorySecretStore(s, "v-initial",
                new Credential("app", "db.internal", old, Map.of("engine", "postgres", "port", "5432", "dbname", "app"))));
        FakeDatabaseTarget target = new FakeDatabaseTarget(false).user("app", store.valueAt(secret, Stage.CURRENT).orElseThrow().password());
        Credential admin = new Credential("admin", "db.internal", "admin-password-abcdefghijklmnop".toCharArray(), Map.of());
        target.user("admin", admin.password());
        target.reachable(succeeds);
        String token = UUID.nameUUIDFromBytes((secret + at).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        store.label(token, Stage.PENDING, Optional.empty());
        clock.set(at);
        RotateSecret rotation = new RotateSecret(store, c -> target, new PasswordGenerator(new Random(at.getEpochSecond())),
                c -> admin, new RotationStrategy.SingleUser(), PasswordPolicy.defaults(), ledger, clock);
        for (RotationStep step : RotationStep.values()) {
            clock.set(clock.instant().plusSeconds(2));
            try {
                rotation.step(new RotationEvent(secret, token, step));
            } catch (RuntimeException failed) {
                if (succeeds) {
                    throw failed;
                }
                return; // recorded as FAILED in the ledger, as Secrets Manager would see it
            }
        }
    }

    /** Run ids carry the drill's start, so they sort and read like the real ones. */
    private static final class DateStamp {
        static String of(Instant at) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(java.time.ZoneOffset.UTC).format(at);
        }
    }
}
