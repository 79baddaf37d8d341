package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Servers in several subscriptions (issue #18): every ARM path of a server names its own subscription and resource
 * group; ARM's 403 in one subscription skips only that subscription's servers, with one line naming it.
 */
@ExtendWith(Azurite.class)
class BackupAcrossSubscriptionsTest {
    static final String MEMBER = "0b7c6d5e-4f3a-4b2c-9d1e-a1b2c3d4e5f6";
    static final Instant NOW = Instant.parse("2026-03-01T06:00:05Z");
    static final String WINDOW = "20260301t0600z";

    ArmApi api;
    AzureSettings settings;
    BackupWiring wiring;
    List<String> dumped = new java.util.ArrayList<>();

    static Map<String, String> env(String databases) {
        return new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope",
                "ST_PAIRED_REGION", "northeurope", "ST_DATABASES", databases, "ST_BACKUP_ACCOUNT", Azurite.PRIMARY,
                "ST_PAIRED_ACCOUNT", Azurite.PAIRED, "ST_DRILL_ADMIN_SECRET_URI", "https://vault.example/secrets/admin"));
    }

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        api = new ArmApi();
        AzureClients clients = TestAzure.clients();
        settings = AzureSettings.fromEnv(env("orders, chat@" + MEMBER + "/silenttalk-chat, billing@" + MEMBER + "/silenttalk-chat"));
        ArmClient arm = TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3);
        var container = clients.container(accounts.primary(), "backups-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        FlexibleServerBackupStore store = new FlexibleServerBackupStore(arm, BackupWiring.servers(settings), "westeurope",
                new HashSet<>(settings.databases()), new BackupBlobs(container, "westeurope"), (database, id) -> {
                    dumped.add(database.value());
                    return null;
                }, new ManualClock(NOW));
        // only the primary store, the ledger and the clock take part in a six-hourly run
        wiring = new BackupWiring(settings, store, null, null, null, new InMemoryRunLedger(), null, new ManualClock(NOW));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String path(String subscription, String group, String server) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + group
                + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/" + server + "/backups/st-auto-" + server + "-" + WINDOW;
    }

    void armTakes(String subscription, String group, String server) {
        String path = path(subscription, group, server);
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))).atPriority(1));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup(server, "st-auto-" + server + "-" + WINDOW, "2026-03-01T06:00:40+00:00"))).atPriority(1));
    }

    @Test
    void takeEverySubscription_whenEachServerNamesItsSubscription_backsUpEachUnderItsOwnArmPath() {
        armTakes(TestAzure.SUBSCRIPTION, TestAzure.RESOURCE_GROUP, "orders");
        armTakes(MEMBER, "silenttalk-chat", "chat");
        armTakes(MEMBER, "silenttalk-chat", "billing");

        BackupWiring.Taken taken = wiring.takeEverySubscription(settings.databases(), settings.policy());

        assertThat(taken.results()).extracting(r -> r.database().value()).containsExactly("orders", "chat", "billing");
        assertThat(taken.skipped()).isEmpty();
        assertThat(api.requests("PUT", "/subscriptions/" + MEMBER + "/resourceGroups/silenttalk-chat/")).hasSize(2);
        assertThat(api.requests("PUT", "/subscriptions/" + TestAzure.SUBSCRIPTION + "/resourceGroups/" + TestAzure.RESOURCE_GROUP + "/"))
                .singleElement().satisfies(r -> assertThat(r.getUrl()).contains("/flexibleServers/orders/"));
    }

    @Test
    void takeEverySubscription_whenOneSubscriptionAnswers403_skipsOnlyItsServersWithOneLineNamingIt() {
        armTakes(TestAzure.SUBSCRIPTION, TestAzure.RESOURCE_GROUP, "orders");
        // ARM's documented AuthorizationFailed answer: no role assignment for the identity in that subscription
        api.server.stubFor(get(urlPathMatching("/subscriptions/" + MEMBER + "/.*")).willReturn(aResponse().withStatus(403)
                .withBody(ArmApi.error("AuthorizationFailed", "The client 'a9c4e1b2-0000-4000-8000-000000000001' with object id"
                        + " 'a9c4e1b2-0000-4000-8000-000000000001' does not have authorization to perform action"
                        + " 'Microsoft.DBforPostgreSQL/flexibleServers/backups/read' over scope '/subscriptions/" + MEMBER
                        + "/resourceGroups/silenttalk-chat/providers/Microsoft.DBforPostgreSQL/flexibleServers/chat' or the scope"
                        + " is invalid. If access was recently granted, please refresh your credentials."))));

        BackupWiring.Taken taken = wiring.takeEverySubscription(settings.databases(), settings.policy());

        assertThat(taken.results()).extracting(r -> r.database().value()).containsExactly("orders");
        assertThat(taken.skipped()).extracting(DatabaseId::value).containsExactly("chat", "billing");
        assertThat(taken.denials()).singleElement().asString().startsWith("subscription " + MEMBER + ": ARM refused")
                .contains("403 AuthorizationFailed").doesNotContain("\n");
        // one refusal is enough: billing, in the same subscription, is not asked
        assertThat(api.requests("GET", "/subscriptions/" + MEMBER + "/")).hasSize(1);
        assertThat(api.requests("PUT", "/subscriptions/" + MEMBER + "/")).isEmpty();
        assertThat(dumped).containsExactly("orders");
    }

    @Test
    void fromEnv_whenAServerNamesABadSubscriptionOrGroup_namesTheItemAndItsPart() {
        assertThatThrownBy(() -> AzureSettings.fromEnv(env("orders, chat@not-a-guid")))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("ST_DATABASES[1].subscription: 'not-a-guid' is not an Azure subscription id");
        assertThatThrownBy(() -> AzureSettings.fromEnv(env("orders@" + MEMBER + "/bad group!")))
                .hasMessageStartingWith("ST_DATABASES[0].resourceGroup: 'bad group!' is not a resource group name");
        assertThatThrownBy(() -> AzureSettings.fromEnv(env("orders, orders@" + MEMBER)))
                .hasMessageStartingWith("ST_DATABASES[1]: 'orders' is also ST_DATABASES[0]");
        assertThat(AzureSettings.fromEnv(env("orders, chat@" + MEMBER)).placementOf(new DatabaseId("chat")))
                .isEqualTo(new AzureSettings.ServerPlacement(MEMBER, TestAzure.RESOURCE_GROUP));
        assertThat(AzureSettings.fromEnv(env("orders")).placementOf(new DatabaseId("orders")))
                .isEqualTo(new AzureSettings.ServerPlacement(TestAzure.SUBSCRIPTION, TestAzure.RESOURCE_GROUP));
    }
}
