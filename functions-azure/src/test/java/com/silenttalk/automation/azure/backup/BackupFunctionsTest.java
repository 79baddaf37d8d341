package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Azurite.class)
class BackupFunctionsTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");

    ArmApi api;
    String container;
    BackupWiring wiring;
    Azurite.Accounts accounts;

    @BeforeEach
    void wire(Azurite.Accounts accounts) {
        this.accounts = accounts;
        api = new ArmApi();
        AzureClients clients = TestAzure.clients();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        container = "backups-" + suffix;
        Map<String, String> env = new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope",
                "ST_PAIRED_REGION", "northeurope", "ST_DATABASES", "orders", "ST_BACKUP_ACCOUNT", Azurite.PRIMARY,
                "ST_PAIRED_ACCOUNT", Azurite.PAIRED, "ST_BACKUP_CONTAINER", container, "ST_LEDGER_TABLE", "ledger" + suffix,
                "ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin"));
        AzureSettings settings = AzureSettings.fromEnv(env);
        clients.container(accounts.primary(), container).create();
        clients.container(accounts.paired(), container).create();
        clients.table(accounts.primary(), settings.ledgerTable()).createTable();
        // the SAS of the copy is checked against azurite's real clock; everything else runs on the manual one
        wiring = BackupWiring.build(settings, clients, TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3),
                accounts.primary(), accounts.paired(), new ManualClock(NOW));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void backupScheduler_whenTimerFiresTwiceInOneWindow_takesOneBackup() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("b").willSetStateTo("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        BackupSchedulerFunction function = new BackupSchedulerFunction(() -> wiring);
        TestExecutionContext first = new TestExecutionContext("BackupScheduler");
        TestExecutionContext second = new TestExecutionContext("BackupScheduler");

        function.run(Events.load("timer/six-hourly.json"), first);
        function.run(Events.load("timer/past-due.json"), second);

        assertThat(api.requests("PUT", path)).hasSize(1);
        assertThat(first.lines()).singleElement().asString().contains("orders:" + ID + ":TAKEN");
        assertThat(second.lines()).singleElement().asString().contains("pastDue=true").contains(":ALREADY_TAKEN");
        assertThat(first.lines()).allSatisfy(line -> assertThat(line).doesNotContain(TestAzure.TEST_TOKEN)
                .doesNotContain(accounts.primary().accountKey().orElseThrow()));
    }

    @Test
    void backupScheduler_whenTimerInfoIsMalformed_namesTheFieldAndCallsNothing() {
        BackupSchedulerFunction function = new BackupSchedulerFunction(() -> wiring);

        assertThatThrownBy(() -> function.run(Events.load("timer/malformed.json"), new TestExecutionContext("BackupScheduler")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timerInfo.IsPastDue"));
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void retentionPruner_whenDryRun_logsThePlanAndDeletesNothing() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders") + "/backups")).willReturn(aResponse().withStatus(200)
                .withBody("{\"value\": [" + ArmApi.backup("orders", "st-auto-orders-20260101t0000z", "2026-01-01T00:01:00+00:00")
                        + "," + ArmApi.backup("orders", ID.value(), "2026-03-01T06:01:00+00:00") + "]}")));
        TestExecutionContext context = new TestExecutionContext("RetentionPruner");

        new RetentionPrunerFunction(() -> wiring).run(Events.load("timer/six-hourly.json"), context);

        assertThat(context.lines()).singleElement().asString()
                .contains("dryRun=true").contains("planned=1").contains("deleted=0");
        assertThat(api.server.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getMethod().getName()).isEqualTo("GET"));
    }

    @Test
    void backupCopier_whenTheManifestBlobIsCreated_copiesTheDumpAndVerifiesItInThePairedRegion() {
        BackupWiring realClock = BackupWiring.build(wiring.settings(), TestAzure.clients(),
                TestAzure.arm(TestAzure.clients(), api.baseUrl(), new TestAzure.RecordingSleeper(), 3),
                accounts.primary(), accounts.paired(), Clock.systemUTC());
        new BlobDumpExporter(new BackupBlobs(TestAzure.clients().container(accounts.primary(), container), "westeurope"))
                .export(new BlobDumpExporter.DumpFacts(ID, new DatabaseId("orders"), Instant.parse("2026-03-01T06:00:02Z"),
                        "16.4", "fp-1", Map.of("public.orders", 3L)),
                        new ByteArrayInputStream("PGDMP dump".repeat(500).getBytes(StandardCharsets.UTF_8)));
        TestExecutionContext context = new TestExecutionContext("BackupCopier");

        new BackupCopierFunction(() -> realClock).run(Events.load("eventgrid/blob-created-manifest.json")
                .replace("CONTAINER", container), context);

        assertThat(realClock.paired().list()).extracting(Snapshot::id).containsExactly(ID);
        assertThat(context.lines()).singleElement().asString().contains("northeurope:copied")
                .doesNotContain("sig=").doesNotContain(accounts.primary().accountKey().orElseThrow())
                .doesNotContain(TestAzure.TEST_TOKEN);
    }

    @Test
    void backupCopier_whenTheEventIsNotABlobCreation_namesTheFieldAndCopiesNothing() {
        String deleted = Events.load("eventgrid/blob-created-manifest.json").replace("CONTAINER", container)
                .replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");

        assertThatThrownBy(() -> new BackupCopierFunction(() -> wiring).run(deleted, new TestExecutionContext("BackupCopier")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("eventType"));
        assertThat(wiring.paired().list()).isEmpty();
    }
}
