package com.silenttalk.automation.local.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.EnvironmentFailedException;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code opsctl snapshot --all [--parallel N] [--dry-run]}: this window's snapshot of every configured database
 * ({@code source.url}, then each of {@code sources}), at most N at once. A database that fails is reported (one JSON
 * line with its exit code, one line on stderr) and costs no other database its snapshot; one that hangs (a lock held by
 * another session, a server that stops answering) is given up after {@code backup.timeout} and reported the same way.
 * The command then exits with the gravest of the failures' codes (70, 3, 2, 1), or 0 when every snapshot is there.
 */
public final class SnapshotFanOut {
    public static final int DEFAULT_PARALLEL = 2;
    public static final int MAX_PARALLEL = 16;
    private static final List<Integer> GRAVEST_FIRST = List.of(ExitCode.INTERNAL, ExitCode.ENVIRONMENT, ExitCode.BAD_INPUT,
            ExitCode.CHECK_FAILED);

    /** One database's snapshot as it ended: a result, or the failure and the exit code it would have given alone. */
    private record Attempt(SourceDatabase source, TakeSnapshots.Result result, String failure, int exitCode) {
    }

    private final OpsctlContext opsctl;
    private final OpsConfig config;
    private final int parallel;

    private SnapshotFanOut(OpsctlContext opsctl, OpsConfig config, int parallel) {
        this.opsctl = opsctl;
        this.config = config;
        this.parallel = parallel;
    }

    /** Validates the options (before anything is read or connected), then snapshots or, with --dry-run, prints the plan. */
    public static int run(OpsctlContext opsctl, boolean all, String sourceUrl, String parallelOption, boolean dryRun) {
        int parallel = parallel(parallelOption, all);
        if (all && sourceUrl != null) {
            throw new InvalidFieldException("--source-url", "is not taken with --all, which snapshots every configured database"
                    + " (source.url and sources)");
        }
        OpsConfig config = opsctl.config();
        List<SourceDatabase> sources = all ? configured(opsctl, config) : List.of(SourceDatabase.from(opsctl, config, sourceUrl));
        SnapshotFanOut fanOut = new SnapshotFanOut(opsctl, config, parallel);
        return dryRun ? fanOut.plan(sources) : fanOut.snapshot(sources);
    }

    static int parallel(String option, boolean all) {
        if (option == null) {
            return DEFAULT_PARALLEL;
        }
        if (!all) {
            throw new InvalidFieldException("--parallel", "is only taken with --all");
        }
        try {
            int n = Integer.parseInt(option.strip());
            if (n >= 1 && n <= MAX_PARALLEL) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the value
        }
        throw new InvalidFieldException("--parallel", "must be a whole number from 1 to " + MAX_PARALLEL + ", got "
                + UntrustedText.quoted(option));
    }

    /** Every configured database; two that would label their snapshots alike are refused, naming the second. */
    static List<SourceDatabase> configured(OpsctlContext opsctl, OpsConfig config) {
        if (config.allSources().isEmpty()) {
            throw new InvalidFieldException("sources", "no source database: set source.url or sources in the configuration");
        }
        Map<DatabaseId, String> fieldOf = new LinkedHashMap<>();
        List<SourceDatabase> sources = new ArrayList<>();
        config.allSources().forEach((field, source) -> {
            SourceDatabase database = SourceDatabase.configured(opsctl, source, field);
            String earlier = fieldOf.putIfAbsent(database.label(), field);
            if (earlier != null) {
                throw new InvalidFieldException(field, "its snapshots would be labelled " + database.label() + " like those of "
                        + earlier + "; give one of them a database: label of its own");
            }
            sources.add(database);
        });
        return sources;
    }

    private int plan(List<SourceDatabase> sources) {
        SnapshotWindow window = SnapshotWindow.containing(opsctl.clock().instant(), config.backup().policy().interval());
        FileRunLedger ledger = new FileRunLedger(config.ledgerDir());
        for (SourceDatabase source : sources) {
            boolean taken = ledger.find(new RunKey(window.runKeyFor("snapshot", source.label())))
                    .map(r -> r.outcome() == Outcome.SUCCEEDED).orElse(false);
            opsctl.out().println(LocalJson.MAPPER.createObjectNode().put("database", source.label().value())
                    .put("source", source.field()).put("endpoint", source.endpoint().toString())
                    .put("snapshot", window.snapshotIdFor(source.label()).value()).put("plan", taken ? "ALREADY_TAKEN" : "TAKE"));
        }
        opsctl.err().printf("[snapshot] dry-run: %d database(s), at most %d at once, each within %s; nothing connected, nothing"
                + " taken%n", sources.size(), Math.min(parallel, sources.size()), config.backup().timeout());
        return ExitCode.OK;
    }

    private int snapshot(List<SourceDatabase> sources) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallel, sources.size()), work -> {
            Thread thread = new Thread(work, "snapshot-all");
            thread.setDaemon(true); // a snapshot given up on must not keep opsctl from exiting
            return thread;
        });
        List<Attempt> attempts = new ArrayList<>();
        try {
            List<Future<Attempt>> running = new ArrayList<>();
            for (SourceDatabase source : sources) {
                running.add(workers.submit(() -> attempt(source)));
            }
            Instant started = opsctl.clock().instant();
            Duration limit = config.backup().timeout();
            for (int i = 0; i < sources.size(); i++) {
                attempts.add(awaitWithin(running.get(i), sources.get(i), started, limit));
            }
        } finally {
            workers.shutdownNow();
        }
        List<Attempt> failed = attempts.stream().filter(a -> a.result() == null).toList();
        opsctl.err().printf("[snapshot] --all: %d of %d database(s) have this window's snapshot%s%n",
                attempts.size() - failed.size(), attempts.size(), failed.isEmpty() ? ""
                        : "; failed: " + String.join(", ", failed.stream().map(a -> a.source().label().value()).toList()));
        return GRAVEST_FIRST.stream().filter(code -> failed.stream().anyMatch(a -> a.exitCode() == code)).findFirst()
                .orElse(ExitCode.OK);
    }

    /**
     * One database's snapshot, its line printed as soon as it ends. Every failure of one database is caught here on
     * purpose: it is reported with its exit code and fails the command, after the other databases had their turn.
     */
    private Attempt attempt(SourceDatabase source) {
        try {
            TakeSnapshots.Result result = SnapshotCommand.snapshot(opsctl, config, source);
            return new Attempt(source, result, null, ExitCode.OK);
        } catch (RuntimeException failed) {
            return failed(source, ExitCode.failureLine(failed), ExitCode.of(failed));
        }
    }

    private Attempt awaitWithin(Future<Attempt> attempt, SourceDatabase source, Instant started, Duration limit) {
        Duration left = limit.minus(Duration.between(started, opsctl.clock().instant()));
        try {
            return attempt.get(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            attempt.cancel(true);
            EnvironmentFailedException late = new EnvironmentFailedException("no snapshot of " + source.endpoint()
                    + " within backup.timeout (" + limit + "); given up, the other databases went on");
            return failed(source, ExitCode.failureLine(late), ExitCode.of(late));
        } catch (ExecutionException bug) {
            return failed(source, ExitCode.failureLine(bug.getCause()), ExitCode.INTERNAL);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the snapshot of " + source.endpoint(), interrupted);
        }
    }

    private Attempt failed(SourceDatabase source, String line, int exitCode) {
        SnapshotWindow window = SnapshotWindow.containing(opsctl.clock().instant(), config.backup().policy().interval());
        ObjectNode json = LocalJson.MAPPER.createObjectNode().put("database", source.label().value())
                .put("snapshot", window.snapshotIdFor(source.label()).value()).put("status", "FAILED").put("exit", exitCode)
                .put("error", line);
        opsctl.out().println(json);
        opsctl.err().printf("[snapshot] %s (%s) failed: %s%n", source.label(), source.field(), line);
        return new Attempt(source, null, line, exitCode);
    }
}
