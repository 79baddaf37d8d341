package com.silenttalk.automation.azure.backup;

import com.microsoft.durabletask.TaskOrchestrationContext;
import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.azure.runtime.DurableFanOut;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.postgres.LogicalDumpParts;
import com.silenttalk.automation.postgres.LogicalDumpWriter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A large database's dump as resumable Durable activities (issue #18 item 3). Every part reads one frozen copy of
 * the database at the window's point in time ({@link ConsistentReadPoint}: a point-in-time restore into a throwaway
 * server), so parts run in separate invocations, on any host, and a part run again reads what the first run read.
 * The orchestration: the dump source (a restore, polled on durable timers) → the plan (tables, large ones split
 * into page ranges) → one activity per part, a bounded number at once, each staging its bytes as blocks with ids
 * of its own → one commit (Put Block List, then the manifest, last) → the dump source deleted. A part that is done
 * is in the ledger with its blocks; a run started again after a kill skips it while its blocks are still staged.
 * Nothing is committed unless every part is done.
 */
public final class ChunkedDumps {
    public static final String ORCHESTRATION = "ChunkedDump";
    public static final String SOURCE_ACTIVITY = "ChunkedDumpSource";
    public static final String PLAN_ACTIVITY = "ChunkedDumpPlan";
    public static final String PART_ACTIVITY = "ChunkedDumpPart";
    public static final String COMMIT_ACTIVITY = "ChunkedDumpCommit";
    public static final String RELEASE_ACTIVITY = "ChunkedDumpRelease";

    private final ConsistentReadPoint readPoint;
    private final AdminPasswords passwords;
    private final String sslMode;
    private final BlobDumpExporter exporter;
    private final RunLedger ledger;
    private final Clock clock;

    public ChunkedDumps(ConsistentReadPoint readPoint, AdminPasswords passwords, String sslMode, BlobDumpExporter exporter,
                        RunLedger ledger, Clock clock) {
        this.readPoint = readPoint;
        this.passwords = passwords;
        this.sslMode = sslMode;
        this.exporter = exporter;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The orchestration's body (deterministic: every effect is in an activity). */
    public static String orchestrate(TaskOrchestrationContext ctx) {
        ChunkedDump dump = Json.readInput(ctx.getInput(String.class), ChunkedDump.class, "input");
        DurableFanOut.Branch provisioned = DurableFanOut.run(ctx, SOURCE_ACTIVITY, List.of(Json.write(dump)),
                dump.provisionLimits(), answer -> again(Json.read(answer, ChunkedDump.Provisioned.class).againAfterSeconds())).get(0);
        ChunkedDump.Provisioned source = provisioned.status() == DurableFanOut.Status.ANSWERED
                ? Json.read(provisioned.output(), ChunkedDump.Provisioned.class) : null;
        if (source == null || source.source() == null) {
            throw new IllegalStateException("dump source " + dump.sourceName() + " of " + dump.database() + " is not ready: "
                    + (source == null ? provisioned.status() + " " + provisioned.failure() : source.status()));
        }
        ChunkedDump.OnSource on = new ChunkedDump.OnSource(dump, source.source());
        List<LogicalDumpParts.Part> parts = Json.read(ctx.callActivity(PLAN_ACTIVITY, Json.write(on), String.class).await(),
                ChunkedDump.Plan.class).parts();
        List<String> inputs = new ArrayList<>();
        inputs.add(Json.write(new ChunkedDump.PartInput(dump, on.source(), LogicalDumpParts.HEAD, ChunkedDump.Kind.HEAD, null)));
        for (LogicalDumpParts.Part part : parts) {
            inputs.add(Json.write(new ChunkedDump.PartInput(dump, on.source(), part.index(), ChunkedDump.Kind.DATA, part)));
        }
        inputs.add(Json.write(new ChunkedDump.PartInput(dump, on.source(), parts.size() + 1, ChunkedDump.Kind.TAIL, null)));
        List<DurableFanOut.Branch> branches = DurableFanOut.run(ctx, PART_ACTIVITY, inputs, dump.partLimits(), a -> Optional.empty());
        List<ChunkedDump.PartResult> results = new ArrayList<>();
        List<String> undone = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            DurableFanOut.Branch branch = branches.get(i);
            if (branch.status() == DurableFanOut.Status.ANSWERED) {
                results.add(Json.read(branch.output(), ChunkedDump.PartResult.class));
            } else {
                undone.add("part " + i + " " + branch.status() + " (" + UntrustedText.bounded(String.valueOf(branch.failure()), 120) + ")");
            }
        }
        if (!undone.isEmpty()) {
            throw new IllegalStateException(dump.database() + ": " + undone.size() + " of " + branches.size()
                    + " parts not done, nothing committed, run it again to resume: " + String.join("; ", undone.subList(0, Math.min(3, undone.size()))));
        }
        String manifest = ctx.callActivity(COMMIT_ACTIVITY, Json.write(new ChunkedDump.Commit(on, results)), String.class).await();
        DurableFanOut.run(ctx, RELEASE_ACTIVITY, List.of(Json.write(dump)), dump.provisionLimits(),
                answer -> again(Json.read(answer, ChunkedDump.Released.class).againAfterSeconds()));
        return manifest;
    }

    private static Optional<Duration> again(long seconds) {
        return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** Makes (first call) or polls the frozen copy at the dump's point in time. */
    public String source(String input) {
        ChunkedDump dump = Json.readInput(input, ChunkedDump.class, "input");
        Progress<ConsistentReadPoint.DumpSource> progress = readPoint.provision(dump.database(), dump.pointInTime(), dump.sourceName());
        if (progress instanceof Progress.Pending<ConsistentReadPoint.DumpSource> pending) {
            return Json.write(new ChunkedDump.Provisioned(null, Math.max(1, pending.checkAgainAfter().toSeconds()), pending.status()));
        }
        return Json.write(new ChunkedDump.Provisioned(((Progress.Ready<ConsistentReadPoint.DumpSource>) progress).value(), 0, "Ready"));
    }

    /** Lists the tables of the frozen copy and splits the large ones. */
    public String plan(String input) {
        ChunkedDump.OnSource on = Json.read(input, ChunkedDump.OnSource.class);
        try (Connection c = connect(on.source())) {
            return Json.write(new ChunkedDump.Plan(LogicalDumpParts.plan(c, on.dump().partBytes())));
        } catch (SQLException e) {
            throw FlexibleServerDumper.failure(on.dump().database(), on.source().host(), e);
        }
    }

    /** One part: skipped when the ledger has it done and its blocks are still staged, else (re)staged under its own ids. */
    public String part(String input) {
        ChunkedDump.PartInput in = Json.read(input, ChunkedDump.PartInput.class);
        RunKey key = partKey(in.dump(), in.index());
        Optional<AuditRecord> done = ledger.find(key).filter(r -> r.outcome() == Outcome.SUCCEEDED);
        if (done.isPresent()) {
            Map<String, String> d = done.get().details();
            List<String> blocks = d.get("blocks").isEmpty() ? List.of() : Arrays.asList(d.get("blocks").split(","));
            Set<String> staged = exporter.uncommittedBlocks(in.dump().snapshotId());
            if (staged.containsAll(blocks)) {
                return Json.write(new ChunkedDump.PartResult(in.index(), in.kind(), d.get("table"), Long.parseLong(d.get("rows")),
                        new BlobDumpExporter.StagedPart(blocks, Long.parseLong(d.get("bytes"))), true));
            }
        }
        AuditRecord started = AuditRecord.started(key, "chunked-dump-part", clock.instant());
        ledger.claim(started);
        long[] rows = new long[1];
        BlobDumpExporter.StagedPart staged;
        try (Connection c = connect(in.source())) {
            staged = exporter.stagePart(in.dump().snapshotId(), in.index(), out -> {
                try {
                    switch (in.kind()) {
                        case HEAD -> LogicalDumpParts.writeHead(c, out);
                        case DATA -> rows[0] = LogicalDumpParts.writePart(c, in.part(), out);
                        case TAIL -> LogicalDumpParts.writeTail(c, out);
                    }
                } catch (SQLException e) {
                    throw FlexibleServerDumper.failure(in.dump().database(), in.source().host(), e);
                }
                return null;
            });
        } catch (SQLException e) {
            throw FlexibleServerDumper.failure(in.dump().database(), in.source().host(), e);
        }
        String table = in.part() == null ? "" : in.part().table();
        ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(), Map.of("table", table, "rows", String.valueOf(rows[0]),
                "bytes", String.valueOf(staged.bytes()), "blocks", String.join(",", staged.blockIds()))));
        return Json.write(new ChunkedDump.PartResult(in.index(), in.kind(), table, rows[0], staged, false));
    }

    /** Put Block List of every part in order, then the manifest: rows summed per table, facts read from the copy. */
    public String commit(String input) {
        ChunkedDump.Commit commit = Json.read(input, ChunkedDump.Commit.class);
        ChunkedDump dump = commit.on().dump();
        LogicalDumpWriter.Facts facts;
        try (Connection c = connect(commit.on().source())) {
            facts = LogicalDumpParts.facts(c);
        } catch (SQLException e) {
            throw FlexibleServerDumper.failure(dump.database(), commit.on().source().host(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        commit.parts().stream().filter(p -> p.kind() == ChunkedDump.Kind.DATA).forEach(p -> rows.merge(p.table(), p.rows(), Long::sum));
        SnapshotManifest manifest = exporter.commitParts(new BlobDumpExporter.DumpFacts(dump.snapshotId(), dump.database(),
                dump.pointInTime(), facts.serverVersion(), facts.schemaFingerprint(), rows, facts.objects()),
                commit.parts().stream().map(ChunkedDump.PartResult::staged).toList());
        long skipped = commit.parts().stream().filter(ChunkedDump.PartResult::skipped).count();
        return "chunked-dump " + dump.database() + " " + dump.snapshotId() + " committed parts=" + commit.parts().size()
                + " resumed=" + skipped + " bytes=" + manifest.sizeBytes() + " point=" + dump.pointInTime() + " sha256=" + manifest.sha256();
    }

    /** Deletes the frozen copy once the dump is committed; audited in the ledger. */
    public String release(String input) {
        ChunkedDump dump = Json.readInput(input, ChunkedDump.class, "input");
        RunKey key = new RunKey("dump-source-release/" + dump.sourceName());
        AuditRecord started = AuditRecord.started(key, "dump-source-release", clock.instant());
        ledger.claim(started);
        Progress<String> progress = readPoint.release(dump.sourceName());
        if (progress instanceof Progress.Pending<String> pending) {
            return Json.write(new ChunkedDump.Released(dump.sourceName(), Math.max(1, pending.checkAgainAfter().toSeconds())));
        }
        ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(), Map.of("server", dump.sourceName(),
                "database", dump.database().value(), "snapshot", dump.snapshotId().value())));
        return Json.write(new ChunkedDump.Released(dump.sourceName(), 0));
    }

    /**
     * Production: the restore goes next to the source in the primary region, the parts sign in over TLS as the
     * administrator (the restored server keeps the source's, its password is the drill's Key Vault secret), blocks go
     * to the primary backup container, done parts to the ledger table.
     */
    public static ChunkedDumps of(com.silenttalk.automation.azure.runtime.AzureSettings settings,
                                  com.silenttalk.automation.azure.runtime.AzureClients clients, Clock clock) {
        BackupBlobs primary = new BackupBlobs(clients.container(settings.backupStorage(), settings.backupContainer()),
                settings.primaryRegion());
        PointInTimeDumpSource source = new PointInTimeDumpSource(com.silenttalk.automation.azure.runtime.Worker.arm(settings, clients),
                BackupWiring.servers(settings), new PointInTimeDumpSource.Settings(settings.primaryRegion(), settings.drillDatabase(),
                settings.drillAdminSecretUri(), 3, Duration.ofMinutes(2)), com.silenttalk.automation.azure.runtime.Sleeper.SYSTEM);
        return new ChunkedDumps(source, new com.silenttalk.automation.azure.flexibleserver.KeyVaultPasswords(clients.credential(),
                clients.http(), clients.retry()), "require", new BlobDumpExporter(primary),
                new com.silenttalk.automation.azure.ledger.TableRunLedger(clients.table(settings.backupStorage(), settings.ledgerTable())),
                clock);
    }

    private static final class Production {
        static final ChunkedDumps INSTANCE = of(com.silenttalk.automation.azure.runtime.Worker.settings(),
                com.silenttalk.automation.azure.runtime.Worker.clients(), com.silenttalk.automation.azure.runtime.Worker.clock());
    }

    public static ChunkedDumps production() {
        return Production.INSTANCE;
    }

    static RunKey partKey(ChunkedDump dump, int index) {
        return new RunKey("chunked-dump/" + dump.snapshotId().value() + "/part-" + String.format("%06d", index));
    }

    private Connection connect(ConsistentReadPoint.DumpSource source) throws SQLException {
        return FlexibleServerDumper.connect(source.host(), source.port(), source.database(),
                source.details().getOrDefault("user", ""), passwords, source.credentialsRef(), sslMode);
    }
}
