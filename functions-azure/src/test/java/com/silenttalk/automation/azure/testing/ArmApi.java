package com.silenttalk.automation.azure.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * Azure Resource Manager on WireMock, 127.0.0.1 only, answering with the bodies and headers
 * the Flexible Server REST reference documents (api-version 2024-08-01): a backup, a server,
 * {@code Azure-AsyncOperation} status bodies and the ARM error body.
 */
public final class ArmApi implements AutoCloseable {
    public final WireMockServer server;

    public ArmApi() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String serverPath(String server) {
        return TestAzure.SERVERS.serverPath(server);
    }

    public String backupPath(String server, String backup) {
        return TestAzure.SERVERS.backupPath(server, backup);
    }

    /** An operation status URL as ARM puts it in Azure-AsyncOperation, pointing at this server. */
    public String asyncOperationUrl(String operationId) {
        return baseUrl() + "/subscriptions/" + TestAzure.SUBSCRIPTION
                + "/providers/Microsoft.DBforPostgreSQL/locations/westeurope/azureAsyncOperation/" + operationId
                + "?api-version=2024-08-01";
    }

    public String asyncOperationPath(String operationId) {
        return "/subscriptions/" + TestAzure.SUBSCRIPTION
                + "/providers/Microsoft.DBforPostgreSQL/locations/westeurope/azureAsyncOperation/" + operationId;
    }

    public static String backup(String server, String name, String completedTime) {
        return """
                {"properties": {"backupType": "Customer On-Demand", "source": "Customer Initiated",
                  "completedTime": "%s"},
                 "id": "%s",
                 "name": "%s",
                 "type": "Microsoft.DBforPostgreSQL/flexibleServers/backups"}
                """.formatted(completedTime, TestAzure.SERVERS.backupPath(server, name), name);
    }

    public static String automaticBackup(String server, String name, String completedTime) {
        return """
                {"properties": {"backupType": "Full", "source": "Automatic", "completedTime": "%s"},
                 "id": "%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers/backups"}
                """.formatted(completedTime, TestAzure.SERVERS.backupPath(server, name), name);
    }

    public static String operation(String id, String status) {
        return """
                {"name": "%s", "status": "%s", "startTime": "2026-03-01T06:00:01.2Z"}
                """.formatted(id, status);
    }

    public static String failedOperation(String id, String code, String message) {
        return """
                {"name": "%s", "status": "Failed", "startTime": "2026-03-01T06:00:01.2Z",
                 "endTime": "2026-03-01T06:01:09.7Z", "error": {"code": "%s", "message": "%s"}}
                """.formatted(id, code, message);
    }

    public static String error(String code, String message) {
        return """
                {"error": {"code": "%s", "message": "%s"}}
                """.formatted(code, message);
    }

    public static String server(String name, String state) {
        return """
                {"sku": {"name": "Standard_D2ds_v5", "tier": "GeneralPurpose"},
                 "properties": {"fullyQualifiedDomainName": "%s.postgres.database.azure.com", "version": "16",
                   "administratorLogin": "stadmin", "state": "%s",
                   "backup": {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled"},
                   "network": {"publicNetworkAccess": "Disabled"}},
                 "location": "westeurope", "tags": {"silenttalk-drill": "%s"},
                 "id": "%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers"}
                """.formatted(name, state, name, TestAzure.SERVERS.serverPath(name), name);
    }

    public List<LoggedRequest> requests(String method, String pathPrefix) {
        return server.findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching(java.util.regex.Pattern.quote(pathPrefix) + ".*")))
                .stream().filter(r -> r.getMethod().getName().equals(method)).toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
