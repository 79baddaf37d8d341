package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.azure.backup.BackupWiring;
import com.silenttalk.automation.azure.backup.FlexibleServer;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
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

    public static DrillRequest request(AzureSettings settings, DatabaseId database) {
        return new DrillRequest(database, settings.policy().interval(), settings.pairedRegion(), DrillTargets.DEFAULT,
                List.of(), true);
    }

    private static final class Production {
        static final DrillWiring INSTANCE = build();

        private static DrillWiring build() {
            AzureSettings settings = Worker.settings();
            BackupWiring backup = BackupWiring.production();
            FlexibleServerRestorer restorer = new FlexibleServerRestorer(Worker.arm(),
                    new FlexibleServer(settings.subscriptionId(), settings.resourceGroup()),
                    new FlexibleServerRestorer.Settings(settings.primaryRegion(), settings.pairedRegion(),
                            settings.geoRestore(), settings.drillDatabase(), settings.drillAdminSecretUri()));
            DrillWorkflow workflow = new DrillWorkflow(backup.primary(), backup.paired(), backup.copier(), restorer,
                    new JdbcRestoreInspector(new KeyVaultPasswords(Worker.clients().credential(), Worker.clients().http(),
                            Worker.clients().retry()), "require"), backup.ledger(), Worker.clock());
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
