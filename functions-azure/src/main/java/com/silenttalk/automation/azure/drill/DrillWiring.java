package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.azure.backup.BackupWiring;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.flexibleserver.KeyVaultPasswords;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The drill's workflow, report sink and metrics, built once per worker.
 *
 * @param reports writes a finished drill's report and says where
 * @param metrics sends its DrillPassed, RtoSeconds and RpoSeconds to Azure Monitor and says how that went
 */
public record DrillWiring(List<DatabaseId> databases, DrillWorkflow workflow, Function<DatabaseId, DrillRequest> requests,
                          Function<DrillReport, String> reports, Function<DrillReport, String> metrics, Clock clock) {

    /** A drill's first state, from its start. */
    public DrillState begin(DrillStart start) {
        return workflow.start(start.runId(), requests.apply(start.database()), clock.instant());
    }

    /** This month's start of every configured database (the run id is the month's). */
    public List<DrillStart> monthlyStarts() {
        return databases.stream().map(database -> DrillStart.monthly(database, clock.instant())).toList();
    }

    /** After a turn of the step loop, its log line; a finished drill's report is written and its metrics sent first. */
    public String afterTurn(DrillState before, Advance<DrillState> next) {
        DrillState after = next.state();
        if (!next.isDone()) {
            return "drill-advance run=" + after.runId() + " step=" + before.step().label() + "->" + after.step().label()
                    + " wait=" + next.nextCheckAfter().orElseThrow();
        }
        String where = after.report() == null ? "(no report)" : reports.apply(after.report());
        return "drill-done run=" + after.runId() + " report=" + where + " "
                + (after.report() == null ? "" : after.report().summary() + " " + metrics.apply(after.report()));
    }

    public static DrillRequest request(AzureSettings settings, DatabaseId database) {
        return new DrillRequest(database, settings.policy().interval(), settings.pairedRegion(), DrillTargets.DEFAULT,
                List.of(), true);
    }

    /** The drill's restores: a throwaway Flexible Server per drill, from the settings the function app has. */
    public static FlexibleServerRestorer restorer(AzureSettings settings, ArmClient arm) {
        return new FlexibleServerRestorer(arm, new FlexibleServer(settings.subscriptionId(), settings.resourceGroup()),
                new FlexibleServerRestorer.Settings(settings.primaryRegion(), settings.pairedRegion(),
                        settings.geoRestore(), settings.drillDatabase(), settings.drillAdminSecretUri()));
    }

    private static final class Production {
        static final DrillWiring INSTANCE = build();

        private static DrillWiring build() {
            AzureSettings settings = Worker.settings();
            BackupWiring backup = BackupWiring.production();
            FlexibleServerRestorer restorer = restorer(settings, Worker.arm());
            DrillWorkflow workflow = new DrillWorkflow(backup.primary(), backup.paired(), backup.copier(), restorer,
                    new JdbcRestoreInspector(new KeyVaultRestoreCredentials(new KeyVaultPasswords(Worker.clients().credential(),
                            Worker.clients().http(), Worker.clients().retry())), "require"), backup.ledger(), Worker.clock());
            BlobReportWriter reports = new BlobReportWriter(Worker.clients().container(settings.backupStorage(),
                    settings.reportContainer()));
            return new DrillWiring(settings.databases(), workflow, db -> request(settings, db), reports::write,
                    backup.metrics()::drillFinished,
                    Worker.clock());
        }
    }

    public static DrillWiring production() {
        return Production.INSTANCE;
    }
}
