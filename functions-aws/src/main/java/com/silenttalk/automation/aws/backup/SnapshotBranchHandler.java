package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.RdsRequestBudget;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.MemberAccountDeniedException;
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
 * manual-snapshot quota ({@link TakeSnapshots}, claimed per window and database) where the database lives: in a member
 * account as the member role (one ERROR line naming the account when it is refused, and the task fails), its RDS
 * requests under the shared budget of its account and region ({@link RdsRequestBudget}). A skip for quota is the
 * {@code SnapshotSkippedForQuota} metric; a failure fails the task, which the branch's Catch reports.
 */
public final class SnapshotBranchHandler extends EventFunction<DatabaseBranch> {
    public static final String NAME = "snapshot-branch";

    private final BackupWiring backup;
    private final Optional<RdsRequestBudget> budget;

    public SnapshotBranchHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotBranchHandler(AwsWiring w) {
        this(w, RdsRequestBudget.of(w));
    }

    private SnapshotBranchHandler(AwsWiring w, Optional<RdsRequestBudget> budget) {
        this(BackupWiring.ofBranch(w, budget), budget, w.log(NAME));
    }

    /** @param budget the budget a database elsewhere than the suite's account and region is paced in (its placement's) */
    SnapshotBranchHandler(BackupWiring backup, Optional<RdsRequestBudget> budget, LineLog log) {
        super(NAME, backup.ledger(), backup.clock(), log);
        this.backup = backup;
        this.budget = budget;
    }

    @Override
    protected DatabaseBranch parse(Map<String, Object> input) {
        return DatabaseBranch.parse(input, backup.settings());
    }

    @Override
    protected Rendered execute(DatabaseBranch branch, Instant now) {
        TakeSnapshots.Outcomes taken = backup.takeSnapshotsWhereItLives(branch.database(), branch.window(backup.settings()), budget)
                .executeWithinQuota(List.of(branch.database()), branch.window(backup.settings()),
                backup.policy());
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

    /**
     * A refused member role is one ERROR line naming the database and the account (never the external id); the task
     * still fails, so the Map's Catch records it for this branch only and every other branch goes on.
     */
    @Override
    protected Optional<Map<String, Object>> failureLine(DatabaseBranch branch, RuntimeException e) {
        return e instanceof MemberAccountDeniedException denied ? Optional.of(denied.logLine(branch.database().value()))
                : super.failureLine(branch, e);
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        DatabaseBranch branch = parse(input);
        return backup.plannedTakes(branch.window(backup.settings()), List.of(branch.database()));
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(backup.schedulerActionsAcrossAccounts());
        budget.ifPresent(b -> actions.addAll(b.requiredActions()));
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: the branch's parsing and plan, offline
        plan(DatabaseBranch.forPriming(backup.settings(), clock.instant()));
    }
}
