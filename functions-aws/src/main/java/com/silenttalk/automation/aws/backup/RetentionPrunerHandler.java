package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The daily retention run over both regions at once (copies are judged with their
 * sources), following the core's RetentionPlanner. A dry-run (ST_PRUNE_DRY_RUN=true, or
 * {@code "dryRun": true} in the event's detail) returns the plan with every reason and deletes nothing.
 */
public final class RetentionPrunerHandler extends EventFunction<PruneEvent> {
    public static final String NAME = "retention-pruner";

    private final BackupWiring backup;
    private final boolean dryRunByDefault;

    public RetentionPrunerHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public RetentionPrunerHandler(AwsWiring w) {
        this(BackupWiring.of(w), Boolean.parseBoolean(w.environment().getOrDefault("ST_PRUNE_DRY_RUN", "false")), w.log(NAME));
    }

    RetentionPrunerHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RunLedger ledger,
                           boolean dryRunByDefault, Clock clock, LineLog log) {
        this(new BackupWiring(settings, primary, dr, ledger, clock), dryRunByDefault, log);
    }

    private RetentionPrunerHandler(BackupWiring backup, boolean dryRunByDefault, LineLog log) {
        super(NAME, backup.ledger(), backup.clock(), log);
        this.backup = backup;
        this.dryRunByDefault = dryRunByDefault;
    }

    @Override
    protected PruneEvent parse(Map<String, Object> event) {
        return PruneEvent.parse(event, backup.settings(), dryRunByDefault);
    }

    @Override
    protected Optional<String> claimedEvent(PruneEvent command) {
        return Optional.of(command.eventId());
    }

    @Override
    protected boolean claims(PruneEvent command) {
        return !command.dryRun();
    }

    @Override
    protected Rendered execute(PruneEvent command, Instant now) {
        PruneSnapshots.Result result = backup.prune().execute(backup.policy(), command.dryRun());
        Map<String, Object> out = output();
        out.put("event", command.eventId());
        out.put("dryRun", result.dryRun());
        out.put("keep", result.plan().keep().size());
        out.put("delete", result.plan().delete().stream()
                .map(s -> Map.of("snapshot", s.ref().toString(), "reason", result.plan().reasonFor(s))).toList());
        out.put("deleted", result.deleted().stream().map(s -> s.ref().toString()).toList());
        out.put("failures", result.failures().keySet().stream().map(Object::toString).toList());
        return new Rendered(out, out, result.failures().isEmpty() ? Outcome.SUCCEEDED : Outcome.FAILED,
                Map.of("deleted", Integer.toString(result.deleted().size())));
    }

    /** Which DeleteDB*Snapshot calls follow depends on what the listings return: run with dryRun to see the plan. */
    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        parse(event);
        return backup.plannedListings();
    }

    @Override
    public List<String> requiredActions() {
        return BackupWiring.PRUNER_ACTIONS;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(EventEnvelope.scheduledForPriming(backup.settings(), clock.instant()));
    }
}
