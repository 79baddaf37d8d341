package com.silenttalk.automation.aws.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.ledger.EventClaims;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/**
 * The daily retention run over both regions at once (copies are judged with their
 * sources), following the core's RetentionPlanner. A dry-run (ST_PRUNE_DRY_RUN=true, or
 * {@code "dryRun": true} in the event's detail) returns the plan with every reason and deletes nothing.
 */
public final class RetentionPrunerHandler implements AwsFunction, Resource {
    public static final String NAME = "retention-pruner";

    private final AwsSettings settings;
    private final RdsSnapshotStore primary;
    private final RdsSnapshotStore dr;
    private final RunLedger ledger;
    private final boolean dryRunByDefault;
    private final Clock clock;
    private final LineLog log;

    public RetentionPrunerHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public RetentionPrunerHandler(AwsWiring w) {
        this(w.settings(), w.primaryStore(), w.drStore(), w.ledger(),
                Boolean.parseBoolean(w.environment().getOrDefault("ST_PRUNE_DRY_RUN", "false")), w.clock(),
                w.log(NAME));
    }

    RetentionPrunerHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RunLedger ledger,
                           boolean dryRunByDefault, Clock clock, LineLog log) {
        this.settings = settings;
        this.primary = primary;
        this.dr = dr;
        this.ledger = ledger;
        this.dryRunByDefault = dryRunByDefault;
        this.clock = clock;
        this.log = log;
    }

    record Command(String eventId, boolean dryRun) {
    }

    Command parse(Map<String, Object> event) {
        EventEnvelope e = EventEnvelope.parse(event, Set.of("aws.events", "aws.scheduler"), Set.of("Scheduled Event"),
                settings.allowedAccounts());
        if (!e.region().equals(settings.region())) {
            throw new InvalidFieldException("region", "'" + e.region() + "' is not this function's region " + settings.region());
        }
        Object dryRun = e.detail().get("dryRun");
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            throw new InvalidFieldException("detail.dryRun", "must be true or false");
        }
        return new Command(e.id(), dryRun == null ? dryRunByDefault : (Boolean) dryRun);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        Command command;
        try {
            command = parse(event);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        EventClaims claims = new EventClaims(ledger, NAME);
        if (!command.dryRun() && !claims.claim(command.eventId(), now)) {
            log.info(now, Map.of("event", command.eventId(), "duplicate", true));
            return Map.of("function", NAME, "event", command.eventId(), "duplicate", true);
        }
        try {
            PruneSnapshots.Result result = new PruneSnapshots(List.of(primary, dr), ledger, clock)
                    .execute(settings.policy(), command.dryRun());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("function", NAME);
            out.put("event", command.eventId());
            out.put("dryRun", result.dryRun());
            out.put("keep", result.plan().keep().size());
            List<Map<String, String>> delete = new ArrayList<>();
            for (Snapshot s : result.plan().delete()) {
                delete.add(Map.of("snapshot", s.ref().toString(), "reason", result.plan().reasonFor(s)));
            }
            out.put("delete", delete);
            out.put("deleted", result.deleted().stream().map(s -> s.ref().toString()).toList());
            out.put("failures", result.failures().keySet().stream().map(Object::toString).toList());
            if (!command.dryRun()) {
                claims.finish(command.eventId(), now, result.failures().isEmpty() ? Outcome.SUCCEEDED : Outcome.FAILED,
                        clock.instant(), Map.of("deleted", Integer.toString(result.deleted().size())));
            }
            log.info(now, out);
            return out;
        } catch (RuntimeException e) {
            if (!command.dryRun()) {
                claims.finish(command.eventId(), now, Outcome.FAILED, clock.instant(), Map.of("error", e.getClass().getSimpleName()));
            }
            log.error(now, Map.of("event", command.eventId(), "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        parse(event);
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        calls.addAll(dr.plannedList());
        // which DeleteDB*Snapshot calls follow depends on what the listings return: run with dryRun to see the plan
        return calls;
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(List.of("rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots",
                "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"));
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(Map.of("id", "priming", "source", "aws.events", "detail-type", "Scheduled Event",
                "account", settings.accountId(), "region", settings.region(), "time", clock.instant().toString(),
                "resources", List.of(), "detail", Map.of()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }
}
