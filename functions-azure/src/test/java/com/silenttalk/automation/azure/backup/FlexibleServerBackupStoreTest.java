package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Azurite.class)
class FlexibleServerBackupStoreTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final Instant NOW = Instant.parse("2026-03-01T06:00:05Z");

    ArmApi api;
    AzureClients clients;
    TestAzure.RecordingSleeper sleeper;
    FlexibleServerBackupStore store;
    BackupBlobs blobs;
    List<String> dumped = new java.util.ArrayList<>();

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        api = new ArmApi();
        clients = TestAzure.clients();
        sleeper = new TestAzure.RecordingSleeper();
        ArmClient arm = TestAzure.arm(clients, api.baseUrl(), sleeper, 5);
        var container = clients.container(accounts.primary(), "backups-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        blobs = new BackupBlobs(container, "westeurope");
        store = new FlexibleServerBackupStore(arm, TestAzure.SERVERS, "westeurope", Set.of(ORDERS), blobs,
                (database, id) -> {
                    dumped.add(database + "/" + id);
                    return null;
                }, new ManualClock(NOW));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void take_whenArmAcceptsWithAsyncOperation_pollsTheOperationUntilSucceeded() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("backup").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "The requested resource of type 'Microsoft.DBforPostgreSQL/flexibleServers/backups' with name 'st-auto-orders-20260301t0600z' was not found."))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("op-1"))
                .withHeader("Location", api.baseUrl() + "/operationResults/op-1")
                .withHeader("Retry-After", "10")).inScenario("backup").willSetStateTo("accepted"));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("op-1"))).inScenario("op")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Retry-After", "20")
                        .withBody(ArmApi.operation("op-1", "InProgress"))).willSetStateTo("done"));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("op-1"))).inScenario("op")
                .whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.operation("op-1", "Succeeded"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("backup").whenScenarioStateIs("accepted")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:01:09.123456+00:00"))));

        Progress<Snapshot> progress = store.take(ORDERS, ID, NOW);

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, ready -> {
            Snapshot s = (Snapshot) ready.value();
            assertThat(s.id()).isEqualTo(ID);
            assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-03-01T06:01:09.123456Z"));
            assertThat(s.createdBySuite()).isTrue();
        });
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(dumped).as("the completed backup's logical dump is made").containsExactly("orders/" + ID);
        assertThat(api.requests("PUT", path)).singleElement().satisfies(r -> {
            assertThat(r.queryParameter("api-version").firstValue()).isEqualTo("2024-08-01");
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TestAzure.TEST_TOKEN);
        });
    }

    @Test
    @Timeout(120) // a hang guard: the backoff base is an hour, so only Retry-After lets this finish
    void take_whenArmThrottlesWith429_retriesAfterTheRetryAfterHeader() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody(ArmApi.error("TooManyRequests", "The request is being throttled.")))
                .willSetStateTo("open"));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:30+00:00"))));

        Progress<Snapshot> progress = store.take(ORDERS, ID, NOW);

        assertThat(progress).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("PUT", path)).hasSize(2);
    }

    @Test
    void take_whenTheOperationFails_raisesTheDocumentedErrorAndReportsNoSnapshot() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("op-2"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("op-2"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.failedOperation("op-2", "ServerIsBusy", "Another operation is in progress on server 'orders'."))));

        assertThatThrownBy(() -> store.take(ORDERS, ID, NOW))
                .isInstanceOf(ArmException.class)
                .hasMessageContaining("ServerIsBusy")
                .hasMessageContaining("Another operation is in progress");
    }

    @Test
    void take_whenTheOperationOutlastsThePolls_reportsPendingWithoutFailing() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("op-3"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("op-3"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("op-3", "InProgress"))));

        assertThat(store.take(ORDERS, ID, NOW)).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("GET", api.asyncOperationPath("op-3"))).hasSize(5);
    }

    @Test
    void take_whenDuplicateTimerFiringsShareAWindow_sendsOneBackupRequest() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("dup").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:30+00:00"))).inScenario("dup")
                .willSetStateTo("made"));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("dup").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:30+00:00"))));
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        TakeSnapshots take = new TakeSnapshots(store, ledger, new ManualClock(NOW));
        BackupPolicy policy = BackupPolicy.defaults(List.of("northeurope"));

        var first = take.execute(List.of(ORDERS), policy);
        var second = take.execute(List.of(ORDERS), policy);

        assertThat(first).singleElement().extracting(TakeSnapshots.Result::status).isEqualTo(TakeSnapshots.Status.TAKEN);
        assertThat(second).singleElement().extracting(TakeSnapshots.Result::status).isEqualTo(TakeSnapshots.Status.ALREADY_TAKEN);
        assertThat(api.requests("PUT", path)).hasSize(1);
    }

    @Test
    void take_whenTheBackupExistsButHasNotCompleted_reportsPendingAndSendsNoPut() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("""
                {"properties": {"backupType": "Customer On-Demand", "source": "Customer Initiated"},
                 "id": "%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers/backups"}
                """.formatted(path, ID.value()))));

        assertThat(store.take(ORDERS, ID, NOW)).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("PUT", path)).isEmpty();
        assertThat(dumped).as("no dump before the backup completes").isEmpty();
    }

    @Test
    void take_whenTheWindowsDumpAndManifestAreAlreadyThere_readiesWithoutDumpingAgain() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:30+00:00"))));
        new BlobDumpExporter(blobs).export(new BlobDumpExporter.DumpFacts(ID, ORDERS, Instant.parse("2026-03-01T06:00:31Z"),
                "16.4", "fp", java.util.Map.of("public.t", 1L)), new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertThat(store.take(ORDERS, ID, NOW)).isInstanceOf(Progress.Ready.class);
        assertThat(dumped).isEmpty();
    }

    @Test
    void list_whenServerHasAutomaticAndHandNamedBackups_listsOnlyOnDemandOnesWithTheirVerification() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders") + "/backups")).willReturn(aResponse().withStatus(200)
                .withBody("{\"value\": [" + ArmApi.automaticBackup("orders", "daily_20260301T000516", "2026-03-01T00:05:19+00:00")
                        + "," + ArmApi.backup("orders", "Before_Upgrade_1", "2026-02-27T10:00:00+00:00")
                        + "," + ArmApi.backup("orders", ID.value(), "2026-03-01T06:01:09+00:00") + "]}")));
        blobs.dump(ID).upload(com.azure.core.util.BinaryData.fromString("dump"));
        store.recordVerification(ID, VerificationStatus.VERIFIED, NOW);

        List<Snapshot> listed = store.list();

        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(ID);
            assertThat(s.verification()).isEqualTo(VerificationStatus.VERIFIED);
            assertThat(s.copiedFrom()).isEqualTo(Optional.empty());
        });
    }

    @Test
    void delete_whenArmAcceptsWithLocation_followsTheLocationUntilDone() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Location", api.baseUrl() + "/operationResults/op-4?api-version=2024-08-01")));
        api.server.stubFor(get(urlPathEqualTo("/operationResults/op-4")).inScenario("loc").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(202).withHeader("Retry-After", "3")).willSetStateTo("gone"));
        api.server.stubFor(get(urlPathEqualTo("/operationResults/op-4")).inScenario("loc").whenScenarioStateIs("gone")
                .willReturn(aResponse().withStatus(204)));
        Snapshot ours = new Snapshot(ID, ORDERS, "westeurope", NOW, true, VerificationStatus.UNVERIFIED, Optional.empty());

        store.delete(ours);

        assertThat(api.requests("DELETE", path)).hasSize(1);
        assertThat(api.requests("GET", "/operationResults/op-4")).hasSize(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(3));
    }
}
