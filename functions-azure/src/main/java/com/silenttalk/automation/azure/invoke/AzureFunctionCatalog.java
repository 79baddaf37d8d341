package com.silenttalk.automation.azure.invoke;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.alerting.AlertWebhookFunction;
import com.silenttalk.automation.azure.alerting.AlertWebhookPlan;
import com.silenttalk.automation.azure.alerting.AzureMonitorMetrics;
import com.silenttalk.automation.azure.backup.BackupCopierFunction;
import com.silenttalk.automation.azure.backup.BackupWindowFunctions;
import com.silenttalk.automation.azure.backup.BackupWindows;
import com.silenttalk.automation.azure.backup.BackupWiring;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.backup.RetentionPrunerFunction;
import com.silenttalk.automation.azure.drill.DrillStart;
import com.silenttalk.automation.azure.drill.DrillWiring;
import com.silenttalk.automation.azure.drill.FlexibleServerRestorer;
import com.silenttalk.automation.azure.failover.FailoverFunctions;
import com.silenttalk.automation.azure.failover.FailoverInvocations;
import com.silenttalk.automation.azure.rotation.KeyVaultRotation;
import com.silenttalk.automation.azure.rotation.RotationRequest;
import com.silenttalk.automation.azure.rotation.RotationSettings;
import com.silenttalk.automation.azure.rotation.RotationWiring;
import com.silenttalk.automation.azure.rotation.SecretRotationFunctions;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Azure functions as {@code opsctl invoke --cloud azure} sees them: each can plan from an
 * event (validating it exactly as the function does, printing the ARM and data-plane calls it
 * would make, making none), and the backup functions can also run in-process.
 */
public final class AzureFunctionCatalog {
    public record Entry(String name, String trigger, String entryPoint, Function<Invocation, Invocable> factory) {
    }

    /** What a function needs, built from the same application settings the function app has. */
    public record Invocation(AzureSettings settings, AzureClients clients, Clock clock, Map<String, String> env) {
        public Invocation {
            env = Map.copyOf(env);
        }

        /** With the process environment as the application settings the rotation functions read. */
        public Invocation(AzureSettings settings, AzureClients clients, Clock clock) {
            this(settings, clients, clock, System.getenv());
        }

        RotationWiring rotation() {
            return RotationWiring.of(env, settings, clients, clock);
        }

        BackupWiring backup() {
            return BackupWiring.of(settings, clients, clock);
        }

        FlexibleServerRestorer restorer() {
            return DrillWiring.restorer(settings, Worker.arm(settings, clients));
        }
    }

    public static final List<Entry> FUNCTIONS = List.of(
            new Entry("backup-scheduler", "timer " + BackupWindowFunctions.SCHEDULE + ", starts the Durable orchestration "
                    + BackupWindows.ORCHESTRATION + " (activities " + BackupWindows.DATABASE_ACTIVITY + ", "
                    + BackupWindows.REPORT_ACTIVITY + ")",
                    BackupWindowFunctions.class.getName() + ".schedule", AzureFunctionCatalog::backupScheduler),
            new Entry("backup-copier", "Event Grid Microsoft.Storage.BlobCreated",
                    BackupCopierFunction.class.getName() + ".run", AzureFunctionCatalog::backupCopier),
            new Entry("retention-pruner", "timer " + RetentionPrunerFunction.SCHEDULE,
                    RetentionPrunerFunction.class.getName() + ".run", AzureFunctionCatalog::retentionPruner),
            new Entry("drill-http-start", "HTTP POST /api/drills (FUNCTION)",
                    "com.silenttalk.automation.azure.drill.DrillFunctions.httpStart", AzureFunctionCatalog::drillHttpStart),
            new Entry("drill-monthly-start", "timer 0 0 3 1 * *",
                    "com.silenttalk.automation.azure.drill.DrillFunctions.monthlyStart", AzureFunctionCatalog::drillMonthly),
            new Entry("alert-webhook", "HTTP POST /api/alerts (FUNCTION), Azure Monitor common alert schema",
                    AlertWebhookFunction.class.getName() + ".run", invocation -> new AlertWebhookPlan(invocation.clock())),
            new Entry("secret-near-expiry", "Event Grid " + RotationRequest.NEAR_EXPIRY,
                    SecretRotationFunctions.class.getName() + ".nearExpiry", AzureFunctionCatalog::secretNearExpiry),
            new Entry("secret-rotate-http", "HTTP POST /api/" + SecretRotationFunctions.ROUTE + " (FUNCTION)",
                    SecretRotationFunctions.class.getName() + ".manual", AzureFunctionCatalog::secretRotateHttp),
            new Entry("failover-alert", "HTTP POST /api/failover/alert (FUNCTION), Azure Monitor common alert schema",
                    FailoverFunctions.class.getName() + ".alert",
                    invocation -> FailoverInvocations.alert(invocation.settings(), invocation.env(), invocation.clock())),
            new Entry("failover-approve", "HTTP POST /api/failover/approve (FUNCTION)", FailoverFunctions.class.getName() + ".approve",
                    invocation -> FailoverInvocations.approve(invocation.settings())),
            new Entry("failover-orchestration", "Durable orchestration " + FailoverFunctions.ORCHESTRATION + " (activity "
                    + FailoverFunctions.ADVANCE_ACTIVITY + "), input: the failover state",
                    FailoverFunctions.class.getName() + ".orchestrate",
                    invocation -> FailoverInvocations.orchestration(invocation.settings(), invocation.env())));

    private AzureFunctionCatalog() {
    }

    public static Entry require(String name) {
        return FUNCTIONS.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new InvalidFieldException("--function", UntrustedText.quoted(name) + " is not an Azure function; one of "
                        + FUNCTIONS.stream().map(Entry::name).collect(Collectors.joining(", "))));
    }

    private static Invocable backupScheduler(Invocation invocation) {
        return new Invocable() {
            @Override
            public List<PlannedCall> plan(String event) {
                TimerInfo.parse(event);
                BackupWiring w = invocation.backup();
                SnapshotWindow window = SnapshotWindow.containing(invocation.clock().instant(), w.settings().policy().interval());
                List<PlannedCall> calls = new ArrayList<>();
                for (DatabaseId database : w.settings().databases()) {
                    calls.add(new PlannedCall("table", "POST (Insert Entity)", w.settings().backupStorage().tableEndpoint()
                            + "/" + w.settings().ledgerTable(), Map.of("runKey", window.runKeyFor("snapshot", database))));
                    calls.add(w.primary().plannedTake(database, window.snapshotIdFor(database)));
                    calls.addAll(w.dumper().plannedDump(database, window.snapshotIdFor(database),
                            w.settings().backupStorage().blobEndpoint() + "/" + w.settings().backupContainer()));
                    calls.add(AzureMonitorMetrics.signedIn(invocation.clients(), w.settings().metricsEndpoint(),
                            new FlexibleServer(w.settings().subscriptionId(), w.settings().resourceGroup())).planned(database,
                            List.of(AzureMonitorMetrics.BACKUP_SUCCEEDED, AzureMonitorMetrics.VERIFIED_BACKUP_AGE_SECONDS)));
                }
                return calls;
            }

            /** The window's databases are backed up by the orchestration's activities, which only the function app runs. */
            @Override
            public void run(String event, ExecutionContext context) {
                plan(event);
                throw new InvalidFieldException("--dry-run", "the backup scheduler starts the " + BackupWindows.ORCHESTRATION
                        + " orchestration, which runs in the function app; plan it here with --dry-run");
            }
        };
    }

    private static Invocable backupCopier(Invocation invocation) {
        return new Invocable() {
            @Override
            public List<PlannedCall> plan(String event) {
                SnapshotId id = BackupCopierFunction.manifestOf(event);
                return invocation.backup().copier().plannedCopy(id);
            }

            @Override
            public void run(String event, ExecutionContext context) {
                BackupWiring w = invocation.backup();
                new BackupCopierFunction(() -> w).run(event, context);
            }
        };
    }

    private static Invocable retentionPruner(Invocation invocation) {
        return new Invocable() {
            @Override
            public List<PlannedCall> plan(String event) {
                TimerInfo.parse(event);
                AzureSettings s = invocation.settings();
                FlexibleServer servers = new FlexibleServer(s.subscriptionId(), s.resourceGroup());
                List<PlannedCall> calls = new ArrayList<>();
                for (DatabaseId database : s.databases()) {
                    calls.add(new PlannedCall("arm", "GET", servers.serverPath(database.value()) + "/backups?api-version="
                            + ArmClient.API_VERSION, Map.of()));
                }
                calls.add(new PlannedCall("blob", "GET (List Blobs)", s.backupStorage().blobEndpoint() + "/"
                        + s.backupContainer() + "?prefix=dumps/", Map.of()));
                calls.add(new PlannedCall("blob", "GET (List Blobs)", s.pairedStorage().blobEndpoint() + "/"
                        + s.backupContainer() + "?prefix=dumps/", Map.of()));
                calls.add(new PlannedCall("arm+blob", s.pruneDryRun() ? "none (ST_PRUNE_DRY_RUN=true)" : "DELETE",
                        "each backup and copy the retention plan marks expired", Map.of()));
                return calls;
            }

            @Override
            public void run(String event, ExecutionContext context) {
                BackupWiring w = invocation.backup();
                new RetentionPrunerFunction(() -> w).run(event, context);
            }
        };
    }

    private static Invocable secretNearExpiry(Invocation invocation) {
        return new Invocable() {
            @Override
            public List<PlannedCall> plan(String event) {
                RotationSettings settings = RotationSettings.fromEnv(invocation.env());
                List<RotationRequest> requests = RotationRequest.nearExpiryBatch(event, settings.vaultName());
                KeyVaultRotation.requireRotated(settings.secrets(), requests);
                List<PlannedCall> calls = new ArrayList<>();
                for (RotationRequest request : requests) {
                    calls.addAll(plannedRotation(invocation, settings, request));
                }
                return calls;
            }

            @Override
            public void run(String event, ExecutionContext context) {
                RotationWiring w = invocation.rotation();
                new SecretRotationFunctions(() -> w).nearExpiry(event, context);
            }
        };
    }

    private static Invocable secretRotateHttp(Invocation invocation) {
        return new Invocable() {
            @Override
            public List<PlannedCall> plan(String event) {
                return plannedRotation(invocation, RotationSettings.fromEnv(invocation.env()), RotationRequest.manual(event));
            }

            @Override
            public void run(String event, ExecutionContext context) {
                RotationRequest request = RotationRequest.manual(event);
                KeyVaultRotation.Result result = invocation.rotation().rotation().handle(request);
                context.getLogger().info("secret-rotation source=opsctl " + Json.write(result.toMap()));
            }
        };
    }

    /** A rotation's calls, in order: the claim, the reads, the companion, the database, then the version apps read. */
    private static List<PlannedCall> plannedRotation(Invocation invocation, RotationSettings settings, RotationRequest request) {
        KeyVaultRotation.requireRotated(settings.secrets(), List.of(request));
        String vault = settings.vaultUrl() + "/secrets/";
        String pending = request.secret() + "-pending";
        String version = request.version().orElse("<live version>");
        return List.of(
                new PlannedCall("keyvault", "GET", vault + request.secret() + "/versions", Map.of()),
                new PlannedCall("table", "POST (Insert Entity)", invocation.settings().backupStorage().tableEndpoint() + "/"
                        + invocation.settings().ledgerTable(), Map.of("runKey", "rotation/keyvault/" + request.secret() + "/" + version)),
                new PlannedCall("keyvault", "PUT", vault + pending, Map.of("tags", Map.of("rotation-stage", Stage.PENDING.name()))),
                new PlannedCall("postgresql", "ALTER ROLE ... PASSWORD (SCRAM verifier)", "the host, port and dbname the secret names",
                        Map.of("strategy", settings.strategy(), "sslmode", settings.sslMode())),
                new PlannedCall("postgresql", "log in as the new credential", "the same server", Map.of()),
                new PlannedCall("keyvault", "PUT", vault + request.secret(), Map.of("tags", Map.of("rotation-stage", Stage.CURRENT.name()),
                        "expiresInDays", settings.validity().toDays())),
                new PlannedCall("keyvault", "PATCH", vault + request.secret() + "/" + version, Map.of("tags",
                        Map.of("rotation-stage", Stage.PREVIOUS.name()))));
    }

    private static Invocable drillHttpStart(Invocation invocation) {
        return new DrillStarter(invocation) {
            @Override
            List<DrillStart> starts(String event) {
                return List.of(DrillStart.parse(event, invocation.settings().databases(), invocation.clock().instant()));
            }
        };
    }

    private static Invocable drillMonthly(Invocation invocation) {
        return new DrillStarter(invocation) {
            @Override
            List<DrillStart> starts(String event) {
                TimerInfo.parse(event);
                Instant now = invocation.clock().instant();
                return invocation.settings().databases().stream().map(db -> DrillStart.monthly(db, now)).toList();
            }
        };
    }

    /** A drill's calls, in order: this window's backup, the copy, the restore, the delete, the report. */
    private abstract static class DrillStarter implements Invocable {
        private final Invocation invocation;

        DrillStarter(Invocation invocation) {
            this.invocation = invocation;
        }

        abstract List<DrillStart> starts(String event);

        @Override
        public List<PlannedCall> plan(String event) {
            List<DrillStart> starts = starts(event);
            BackupWiring w = invocation.backup();
            FlexibleServerRestorer restorer = invocation.restorer();
            AzureSettings s = invocation.settings();
            List<PlannedCall> calls = new ArrayList<>();
            for (DrillStart start : starts) {
                SnapshotWindow window = SnapshotWindow.containing(invocation.clock().instant(), s.policy().interval());
                SnapshotId id = window.snapshotIdFor(start.database());
                Snapshot snapshot = new Snapshot(id, start.database(), s.primaryRegion(), window.start(), true,
                        VerificationStatus.UNVERIFIED, Optional.empty());
                calls.add(w.primary().plannedTake(start.database(), id));
                calls.addAll(w.copier().plannedCopy(id));
                calls.addAll(restorer.plannedRestore(snapshot, null, "drill-" + start.runId()));
                calls.add(new PlannedCall("blob", "PUT", s.backupStorage().blobEndpoint() + "/" + s.reportContainer()
                        + "/reports/" + start.runId() + ".json", Map.of()));
            }
            return calls;
        }

        @Override
        public void run(String event, ExecutionContext context) {
            starts(event);
            throw new InvalidFieldException("--dry-run", "a drill runs as a Durable Functions orchestration inside the "
                    + "function app; start it with POST /api/drills, or plan it here with --dry-run");
        }
    }
}
