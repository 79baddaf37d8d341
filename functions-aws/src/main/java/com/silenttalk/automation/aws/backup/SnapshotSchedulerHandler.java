package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The six-hourly snapshot: one manual snapshot of each configured instance or cluster, named for the window of the
 * scheduled event's {@code time}, after the census (snapshot-census), whose invocation record carries that event
 * ({@link SnapshotTrigger}). {@link TakeSnapshots} checks the manual-snapshot quota, prunes what the policy allows
 * when full and skips what is still full; each skip raises the {@code SnapshotSkippedForQuota} metric.
 */
public final class SnapshotSchedulerHandler extends EventFunction<SnapshotTrigger> {
    public static final String NAME = "snapshot-scheduler";

    private final BackupWiring backup;
    private final Optional<LambdaFunction> census;

    public SnapshotSchedulerHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotSchedulerHandler(AwsWiring w) {
        this(BackupWiring.withMemberAccounts(w), SnapshotTrigger.censusFunction(w.settings(), w.environment()), w.log(NAME));
    }

    /** @param census the census function whose invocation records are accepted; empty accepts direct scheduled events only */
    SnapshotSchedulerHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr,
                             Optional<LambdaFunction> census, RunLedger ledger, Clock clock, LineLog log) {
        this(new BackupWiring(settings, primary, dr, ledger, clock), census, log);
    }

    SnapshotSchedulerHandler(BackupWiring backup, Optional<LambdaFunction> census, LineLog log) {
        super(NAME, backup.ledger(), backup.clock(), log);
        this.backup = backup;
        this.census = census;
    }

    @Override
    protected SnapshotTrigger parse(Map<String, Object> event) {
        return SnapshotTrigger.parse(event, backup.settings(), census);
    }

    @Override
    protected Optional<String> claimedEvent(SnapshotTrigger trigger) {
        return Optional.of(trigger.scheduled().id());
    }

    @Override
    protected Rendered execute(SnapshotTrigger trigger, Instant now) {
        SnapshotWindow window = backup.windowOf(trigger.scheduled());
        PlacedSnapshotStores.Taken everywhere = backup.takeEverywhere(window);
        everywhere.denials().forEach(d -> log.error(now, d.logLine()));
        TakeSnapshots.Outcomes taken = everywhere.outcomes();
        taken.skipped().forEach(s -> log.metrics(now, Map.of("SnapshotSkippedForQuota", 1), "Count"));
        Map<String, Object> out = output();
        out.put("event", trigger.scheduled().id());
        out.put("census", trigger.census());
        out.put("window", window.start().toString());
        out.put("snapshots", taken.results().stream().map(r -> Map.of("database", r.database().value(),
                "snapshotId", r.snapshotId().value(), "status", r.status().name())).toList());
        out.put("skipped", everywhere.skipped().stream()
                .map(s -> Map.of("database", s.database().value(), "reason", s.reason())).toList());
        out.put("pruned", taken.pruned());
        return Rendered.succeeded(out, Map.of("window", window.start().toString()));
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        return backup.plannedTakes(backup.windowOf(parse(event).scheduled()));
    }

    @Override
    public List<String> requiredActions() {
        return backup.schedulerActionsAcrossAccounts();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: the dry-run plan, then one whole invocation on offline clients
        plan(EventEnvelope.scheduledForPriming(backup.settings(), clock.instant()));
        SchedulerPriming.firstCall(backup.settings(), clock);
    }
}
