package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.drill.DrillCommands.DrillRefusedException;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * One turn of the restore drill, called by the Step Functions loop in template.yaml
 * ("call step, wait SecondsPath, repeat until done"). Input is either a start request (the
 * monthly Scheduled Event, or {@code {"database": "orders"}} from a manual start) or the
 * previous turn's output {@code {"state": ..., "waitSeconds": n, "done": false}}. The
 * state holds identifiers and figures only. Any failure jumps to teardown, so the drill
 * instance is always deleted (final snapshot skipped).
 */
public final class DrillStepHandler extends EventFunction<Object> {
    public static final String NAME = "drill-step";

    private final DrillWiring drill;
    private final DrillCommands commands;

    public DrillStepHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public DrillStepHandler(AwsWiring w) {
        this(DrillWiring.of(w), w.log(NAME));
    }

    /** Drills of the suite's snapshots only (no vault configured). */
    DrillStepHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                     RdsRestorer restorer, DatabaseInspector inspector, RunLedger ledger, S3ReportWriter reports, Clock clock, LineLog log) {
        this(DrillWiring.snapshotsOnly(settings, primary, dr, copier, restorer, inspector, ledger, reports, clock), log);
    }

    DrillStepHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                     RdsRestorer restorer, DatabaseInspector inspector, RunLedger ledger, S3ReportWriter reports, Clock clock,
                     LineLog log, RecoveryPointSettings recoveryPoints, RecoveryPointStore vault, RecoveryPointRestorer vaultRestorer) {
        this(new DrillWiring(settings, primary, dr, copier, restorer, inspector, ledger, reports, clock, recoveryPoints, vault,
                vaultRestorer), log);
    }

    private DrillStepHandler(DrillWiring drill, LineLog log) {
        super(NAME, drill.ledger(), drill.clock(), log);
        this.drill = drill;
        this.commands = drill.commands(log);
    }

    @Override
    protected Object parse(Map<String, Object> input) {
        return commands.parse(input);
    }

    @Override
    protected Rendered execute(Object command, Instant now) {
        return commands.turn(command, now);
    }

    /** A drill that cannot start is one "refused" line; the workflow records its own failures in the state. */
    @Override
    protected Optional<Map<String, Object>> failureLine(Object command, RuntimeException e) {
        return e instanceof DrillRefusedException ? Optional.of(Map.of("refused", e.getMessage())) : Optional.empty();
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        return DrillPlan.of(drill, parse(input), clock.instant());
    }

    @Override
    public List<String> requiredActions() {
        return drill.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        drill.settings().databases().keySet().stream().findFirst().ifPresent(d -> plan(Map.of("database", d.value())));
    }
}
