package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.RdsRequestBudget;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * A fan-out branch's second task (SnapshotFanOutStateMachine): the window's snapshot of ONE database within the
 * manual-snapshot quota ({@link TakeSnapshots}, claimed per window and database), its RDS requests under the
 * account and region's shared budget ({@link RdsRequestBudget}). A skip for quota is the
 * {@code SnapshotSkippedForQuota} metric; a failure fails the task, which the branch's Catch reports.
 */
public final class SnapshotBranchHandler extends EventFunction<DatabaseBranch> {
    public static final String NAME = "snapshot-branch";

    private final BackupWiring backup;
    private final List<String> budgetActions;

    public SnapshotBranchHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotBranchHandler(AwsWiring w) {
        this(w, RdsRequestBudget.of(w));
    }

    private SnapshotBranchHandler(AwsWiring w, Optional<RdsRequestBudget> budget) {
        this(BackupWiring.ofBranch(w, budget), budget.map(RdsRequestBudget::requiredActions).orElse(List.of()), w.log(NAME));
    }

    SnapshotBranchHandler(BackupWiring backup, List<String> budgetActions, LineLog log) {
        super(NAME, backup.ledger(), backup.clock(), log);
        this.backup = backup;
        this.budgetActions = List.copyOf(budgetActions);
    }

    @Override
    protected DatabaseBranch parse(Map<String, Object> input) {
        return DatabaseBranch.parse(input, backup.settings());
    }

    @Override
    protected Rendered execute(DatabaseBranch branch, Instant now) {
        TakeSnapshots.Outcomes taken = backup.takeSnapshots().executeWithinQuota(List.of(branch.database()),
                branch.window(backup.settings()), backup.policy());
        taken.skipped().forEach(s -> log.metrics(now, Map.of("SnapshotSkippedForQuota", 1), "Count"));
        Map<String, Object> out = output();
        out.put("event", branch.scheduled().id());
        out.put("database", branch.database().value());
        out.put("snapshotId", branch.window(backup.settings()).snapshotIdFor(branch.database()).value());
        taken.results().forEach(r -> out.put("status", r.status().name()));
        taken.skipped().forEach(s -> out.put("status", "SKIPPED_FOR_QUOTA"));
        taken.skipped().forEach(s -> out.put("reason", s.reason()));
        out.put("pruned", taken.pruned());
        return Rendered.succeeded(out, Map.of());
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        DatabaseBranch branch = parse(input);
        return backup.plannedTakes(branch.window(backup.settings()), List.of(branch.database()));
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(backup.schedulerActions());
        actions.addAll(budgetActions);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: the branch's parsing and plan, offline
        plan(DatabaseBranch.forPriming(backup.settings(), clock.instant()));
    }
}
