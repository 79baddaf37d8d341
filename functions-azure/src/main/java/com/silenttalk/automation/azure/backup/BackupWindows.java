package com.silenttalk.automation.azure.backup;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.silenttalk.automation.azure.alerting.BackupMetrics;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.DurableFanOut;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The six-hourly backup as a Durable fan-out/fan-in: the timer starts one orchestration per window (claimed in the
 * ledger, instance id from the window), which runs {@link TakeSnapshots} for one database per activity, a bounded
 * number at once, each within its own time limit, and ends with one activity that reports every database's outcome
 * (the log line and the {@code BackupSucceeded} metrics). A database that fails or hangs costs only its own branch.
 */
public final class BackupWindows {
    public static final String ORCHESTRATION = "BackupWindow";
    public static final String DATABASE_ACTIVITY = "BackupDatabase";
    public static final String REPORT_ACTIVITY = "BackupWindowReport";

    /** The fan-in's input: the window and what each of its databases came to. */
    public record Report(SnapshotWindow window, List<BackupWindow.DatabaseResult> results) {
        public Report {
            results = List.copyOf(results);
        }
    }

    /** When a snapshot's database is too large for one activity's dump: the point its ChunkedDump reads. */
    @FunctionalInterface
    public interface DumpsInParts {
        Optional<Instant> dumpInPartsFrom(DatabaseId database, SnapshotId id);
    }

    private final AzureSettings settings;
    private final TakeSnapshots takeSnapshots;
    private final DumpsInParts dumpsInParts;
    private final RunLedger ledger;
    private final BackupMetrics metrics;
    private final Clock clock;

    public BackupWindows(AzureSettings settings, TakeSnapshots takeSnapshots, DumpsInParts dumpsInParts, RunLedger ledger,
                         BackupMetrics metrics, Clock clock) {
        this.settings = settings;
        this.takeSnapshots = takeSnapshots;
        this.dumpsInParts = dumpsInParts;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The window the clock is in, over every configured database. */
    public BackupWindow current() {
        return BackupWindow.of(SnapshotWindow.containing(clock.instant(), settings.policy().interval()), settings.databases());
    }

    /**
     * Starts the window's orchestration unless an earlier firing did: the ledger's claim makes a second firing a no-op,
     * and a claim whose firing failed before scheduling (no SUCCEEDED record) schedules the same instance id again.
     *
     * @return true when this call scheduled it
     */
    public boolean start(BackupWindow window, DurableTaskClient client) {
        Instant now = clock.instant();
        AuditRecord started = AuditRecord.started(window.runKey(), "backup-window", now);
        boolean first = ledger.claim(started);
        if (!first && ledger.find(window.runKey()).map(r -> r.outcome() == Outcome.SUCCEEDED).orElse(false)) {
            return false;
        }
        String instance = client.scheduleNewOrchestrationInstance(ORCHESTRATION, Json.write(window), window.instanceId());
        ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(),
                Map.of("instance", instance, "databases", String.valueOf(window.databases().size()))));
        return true;
    }

    /** The orchestration's body (deterministic: no I/O here, every effect is in an activity). */
    public static String orchestrate(TaskOrchestrationContext ctx) {
        BackupWindow window = Json.read(ctx.getInput(String.class), BackupWindow.class);
        List<String> inputs = window.databases().stream()
                .map(database -> Json.write(new BackupWindow.Database(window.window(), database))).toList();
        List<DurableFanOut.Branch> branches = DurableFanOut.run(ctx, DATABASE_ACTIVITY, inputs, window.limits(), answer -> {
            long wait = Json.read(answer, BackupWindow.DatabaseResult.class).againAfterSeconds();
            return wait > 0 ? Optional.of(Duration.ofSeconds(wait)) : Optional.empty();
        });
        List<BackupWindow.DatabaseResult> results = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            DurableFanOut.Branch branch = branches.get(i);
            DatabaseId database = window.databases().get(i);
            results.add(switch (branch.status()) {
                case ANSWERED -> Json.read(branch.output(), BackupWindow.DatabaseResult.class);
                case FAILED, TIMED_OUT -> new BackupWindow.DatabaseResult(database, window.window().snapshotIdFor(database).value(),
                        branch.status().name(), 0, UntrustedText.bounded(String.valueOf(branch.failure()), UntrustedText.MAX_CHARS));
            });
        }
        dumpLargeInParts(ctx, results);
        return ctx.callActivity(REPORT_ACTIVITY, Json.write(new Report(window.window(), results)), String.class).await();
    }

    /**
     * The databases whose backup is taken but too large for the branch's dump: one ChunkedDump sub-orchestration each
     * (instance id from the snapshot, so a window run again resumes it), all side by side after the fan-out. A chunked
     * dump that fails turns only its own database's result FAILED.
     */
    private static void dumpLargeInParts(TaskOrchestrationContext ctx, List<BackupWindow.DatabaseResult> results) {
        Map<Integer, Task<String>> dumps = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            BackupWindow.DatabaseResult result = results.get(i);
            if (result.succeeded() && result.dumpInPartsFrom() != null) {
                ChunkedDump dump = ChunkedDump.of(new SnapshotId(result.snapshotId()), result.database(), result.dumpInPartsFrom());
                dumps.put(i, ctx.callSubOrchestrator(ChunkedDumps.ORCHESTRATION, Json.write(dump), dump.instanceId(), String.class));
            }
        }
        for (Map.Entry<Integer, Task<String>> dump : dumps.entrySet()) {
            BackupWindow.DatabaseResult r = results.get(dump.getKey());
            String status;
            String detail;
            try {
                detail = "in parts: " + dump.getValue().await();
                status = r.status();
            } catch (TaskFailedException failed) {
                detail = "in parts: " + failed.getErrorDetails().getErrorMessage();
                status = "FAILED";
            }
            results.set(dump.getKey(), new BackupWindow.DatabaseResult(r.database(), r.snapshotId(), status, 0,
                    UntrustedText.bounded(detail, UntrustedText.MAX_CHARS), r.dumpInPartsFrom()));
        }
    }

    /** One branch's activity: this window's snapshot of one database; a backup still running asks to be called again. */
    public String backupOne(String input) {
        BackupWindow.Database branch = Json.read(input, BackupWindow.Database.class);
        TakeSnapshots.Result result = takeSnapshots.execute(List.of(branch.database()), branch.window()).get(0);
        long again = result.status() == TakeSnapshots.Status.PENDING
                ? FlexibleServerBackupStore.RUNNING_CHECK_AGAIN.toSeconds() : 0;
        Instant inPartsFrom = result.status() == TakeSnapshots.Status.PENDING ? null
                : dumpsInParts.dumpInPartsFrom(result.database(), result.snapshotId()).orElse(null);
        return Json.write(new BackupWindow.DatabaseResult(result.database(), result.snapshotId().value(),
                result.status().name(), again, null, inPartsFrom));
    }

    /** The fan-in: every database's outcome in one line, and BackupSucceeded per database (0 unless it was taken). */
    public String report(String input) {
        Report report = Json.read(input, Report.class);
        List<TakeSnapshots.Result> answered = new ArrayList<>();
        List<DatabaseId> failed = new ArrayList<>();
        for (BackupWindow.DatabaseResult result : report.results()) {
            if (result.succeeded() || "PENDING".equals(result.status())) {
                answered.add(new TakeSnapshots.Result(result.database(), new SnapshotId(result.snapshotId()),
                        TakeSnapshots.Status.valueOf(result.status())));
            } else {
                failed.add(result.database());
            }
        }
        String published = (answered.isEmpty() ? "" : " " + metrics.backupsTaken(answered))
                + (failed.isEmpty() ? "" : " " + metrics.backupsFailed(failed));
        long succeeded = report.results().stream().filter(BackupWindow.DatabaseResult::succeeded).count();
        List<String> inParts = report.results().stream().filter(r -> r.dumpInPartsFrom() != null)
                .map(r -> r.database().value()).toList();
        return "backup-window start=" + report.window().start() + " succeeded=" + succeeded + "/" + report.results().size()
                + (inParts.isEmpty() ? "" : " dumpedInParts=" + String.join(",", inParts))
                + " results=" + report.results().stream().map(r -> r.database() + ":" + r.snapshotId() + ":" + r.status()
                + (r.detail() == null ? "" : "(" + r.detail() + ")")).collect(Collectors.joining(",")) + published;
    }
}
