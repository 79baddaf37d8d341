package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.SnapshotCensus;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The six-hourly schedule's first step (EventBridge {@code Scheduled Event}): {@link TakeCensus} measures each
 * configured database once per window (JDBC, TLS required, credentials from Secrets Manager) and keeps the manifest
 * of the snapshot the window names. A census that fails is one ERROR line and the {@code SnapshotWithoutManifest}
 * metric, never an error of the function: its invocation record goes to the snapshot-scheduler either way
 * (template.yaml), so the backup is taken measured or not. Only this function reaches the databases over JDBC,
 * Secrets Manager and S3, which keeps them out of the scheduler's artifact.
 */
public final class SnapshotCensusHandler extends EventFunction<EventEnvelope> {
    public static final String NAME = "snapshot-census";

    private final CensusWiring census;

    public SnapshotCensusHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotCensusHandler(AwsWiring w) {
        this(CensusWiring.of(w, w.log(NAME)), w.log(NAME));
    }

    SnapshotCensusHandler(AwsSettings settings, SnapshotCensus census, RunLedger ledger, Clock clock, LineLog log) {
        this(new CensusWiring(settings, census, ledger, clock), log);
    }

    private SnapshotCensusHandler(CensusWiring census, LineLog log) {
        super(NAME, census.ledger(), census.clock(), log);
        this.census = census;
    }

    @Override
    protected EventEnvelope parse(Map<String, Object> event) {
        return EventEnvelope.parseScheduled(event, census.settings());
    }

    @Override
    protected Rendered execute(EventEnvelope envelope, Instant now) {
        SnapshotWindow window = SnapshotWindow.containing(envelope.time(), census.settings().policy().interval());
        Map<String, Object> out = output();
        out.put("event", envelope.id());
        out.put("window", window.start().toString());
        out.put("databases", census.takeCensus().execute(List.copyOf(census.settings().databases().keySet()), window).stream()
                .map(r -> Map.of("database", r.database().value(), "snapshotId", r.snapshotId().value(), "status", r.status().name()))
                .toList());
        return Rendered.succeeded(out, Map.of());
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        return CensusPlan.calls(census.settings(), SnapshotWindow.containing(parse(event).time(), census.settings().policy().interval()));
    }

    @Override
    public Optional<String> emptyPlanReason(Map<String, Object> event) {
        parse(event);
        return CensusPlan.whyEmpty(census.settings());
    }

    @Override
    public List<String> requiredActions() {
        return census.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: exercise the event parsing and the plan offline.
        plan(EventEnvelope.scheduledForPriming(census.settings(), clock.instant()));
    }
}
