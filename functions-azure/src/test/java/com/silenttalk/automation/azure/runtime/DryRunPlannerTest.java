package com.silenttalk.automation.azure.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.BlobProperties;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The planner stands in for Azure behind every pipeline: ARM (signed in with a throwaway token, so no identity
 * endpoint is asked) and the storage data plane; each request is recorded by plane, method and URL without its
 * query (a SAS is a secret), and answered locally.
 */
class DryRunPlannerTest {
    @Test
    void planning_whenArmAndBlobAreCalled_recordsPlaneMethodAndUrlWithoutQueryAndAnswersLocally() {
        DryRunPlanner planner = new DryRunPlanner();
        AzureClients clients = AzureClients.planning(planner);

        ArmResponse servers = clients.arm(URI.create("https://management.azure.com"), Sleeper.SYSTEM, 1)
                .get("/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg/providers/"
                        + "Microsoft.DBforPostgreSQL/flexibleServers/orders");
        StorageAccount account = new StorageAccount("stprimary", "https://stprimary.blob.core.windows.net",
                "https://stprimary.table.core.windows.net", java.util.Optional.empty());
        BlobProperties dump = clients.container(account, "backups").getBlobClient("dumps/x.dump").getProperties();

        assertThat(servers.status()).isEqualTo(200);
        assertThat(dump).isNotNull();
        assertThat(planner.recorded()).extracting(c -> c.service() + " " + c.operation() + " " + c.target()).containsExactly(
                "arm GET https://management.azure.com/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg/"
                        + "providers/Microsoft.DBforPostgreSQL/flexibleServers/orders",
                "blob HEAD https://stprimary.blob.core.windows.net/backups/dumps%2Fx.dump");
        assertThat(planner.recorded()).allSatisfy(c -> assertThat(DryRunPlanner.line(c)).doesNotContain("api-version"));
    }
}
