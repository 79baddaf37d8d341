package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.backup.CopierEvents.Command;
import com.silenttalk.automation.aws.backup.CopierEvents.CopyOne;
import com.silenttalk.automation.aws.backup.CopierEvents.Ignored;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
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
 * Copies each suite snapshot to the DR region as soon as RDS reports it created ({@link CopierEvents}). A copy RDS
 * refuses because too many are in flight stays pending and is picked up by the copier's own sweep (a
 * {@code Scheduled Event} every 30 minutes), which copies every recent suite snapshot that has no copy yet: no copy
 * is ever dropped ({@link CopySweep}).
 */
public final class SnapshotCopierHandler extends EventFunction<Command> {
    public static final String NAME = "snapshot-copier";

    private final CopySweep copies;

    public SnapshotCopierHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotCopierHandler(AwsWiring w) {
        this(BackupWiring.of(w), BackupWiring.copier(w), w.log(NAME));
    }

    SnapshotCopierHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                          RunLedger ledger, Clock clock, LineLog log) {
        this(new BackupWiring(settings, primary, dr, ledger, clock), copier, log);
    }

    private SnapshotCopierHandler(BackupWiring backup, RdsCrossRegionCopier copier, LineLog log) {
        super(NAME, backup.ledger(), backup.clock(), log);
        this.copies = backup.copySweep(copier);
    }

    @Override
    protected Command parse(Map<String, Object> event) {
        return CopierEvents.parse(event, copies.backup().settings());
    }

    @Override
    protected Optional<String> claimedEvent(Command command) {
        return CopierEvents.eventOf(command);
    }

    @Override
    protected Rendered execute(Command command, Instant now) {
        if (command instanceof Ignored ignored) {
            return Rendered.logged(Map.of("function", NAME, "ignored", true), Map.of("ignored", ignored.reason()));
        }
        if (command instanceof CopyOne) {
            log.metrics(now, Map.of("SnapshotsCompleted", 1), "Count");
        }
        List<Map<String, Object>> copied = copies.copy(command instanceof CopyOne c ? List.of(c.source()) : copies.missing(now));
        Map<String, Object> out = output();
        out.put("event", claimedEvent(command).orElseThrow());
        out.put("copies", copied);
        return Rendered.succeeded(out, Map.of("copies", Integer.toString(copied.size())));
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        Command command = parse(event);
        return command instanceof Ignored ? List.of() : command instanceof CopyOne c ? List.of(copies.plannedCopy(c.source()))
                : copies.plannedListings();
    }

    @Override
    public Optional<String> emptyPlanReason(Map<String, Object> event) {
        return parse(event) instanceof Ignored ignored ? Optional.of(ignored.reason()) : Optional.empty();
    }

    @Override
    public List<String> requiredActions() {
        return copies.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(EventEnvelope.scheduledForPriming(copies.backup().settings(), clock.instant()));
    }
}
