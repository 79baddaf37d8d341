package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.backup.SnapshotCensus;
import com.silenttalk.automation.core.backup.TakeCensus;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * A fan-out branch's first task (SnapshotFanOutStateMachine): the census of ONE database for the window of the
 * scheduled event ({@link TakeCensus}, claimed per window and database in the ledger). A census that fails is an
 * ERROR line and NOT_MEASURED, not an error: the branch goes on to its snapshot either way. A census that hangs
 * holds up only its own branch.
 */
public final class CensusBranchHandler extends EventFunction<DatabaseBranch> {
    public static final String NAME = "snapshot-census-branch";

    private final CensusWiring census;

    public CensusBranchHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public CensusBranchHandler(AwsWiring w) {
        this(CensusWiring.of(w, w.log(NAME)), w.log(NAME));
    }

    CensusBranchHandler(AwsSettings settings, SnapshotCensus census, RunLedger ledger, Clock clock, LineLog log) {
        this(new CensusWiring(settings, census, ledger, clock), log);
    }

    private CensusBranchHandler(CensusWiring census, LineLog log) {
        super(NAME, census.ledger(), census.clock(), log);
        this.census = census;
    }

    @Override
    protected DatabaseBranch parse(Map<String, Object> input) {
        return DatabaseBranch.parse(input, census.settings());
    }

    @Override
    protected Rendered execute(DatabaseBranch branch, Instant now) {
        TakeCensus.Result result = census.takeCensus().execute(List.of(branch.database()), branch.window(census.settings())).get(0);
        Map<String, Object> out = output();
        out.put("event", branch.scheduled().id());
        out.put("database", result.database().value());
        out.put("snapshotId", result.snapshotId().value());
        out.put("status", result.status().name());
        return Rendered.succeeded(out, Map.of());
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        DatabaseBranch branch = parse(input);
        return CensusPlan.calls(census.settings(), branch.window(census.settings()), List.of(branch.database()));
    }

    @Override
    public Optional<String> emptyPlanReason(Map<String, Object> input) {
        return CensusPlan.whyEmpty(census.settings(), parse(input).database());
    }

    @Override
    public List<String> requiredActions() {
        return census.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: the branch's parsing and plan, offline
        plan(DatabaseBranch.forPriming(census.settings(), clock.instant()));
    }
}
