package com.silenttalk.automation.azure.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.InMemoryReplicator;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.FakeInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlexibleServerRestorerTest {
    static final Instant NOW = Instant.parse("2026-03-01T07:00:00Z");
    static final FlexibleServerRestorer.Settings SETTINGS = new FlexibleServerRestorer.Settings("westeurope",
            "northeurope", false, "silenttalk", "https://st-ops-kv.vault.azure.net/secrets/drill-admin");
    static final Snapshot REPLICA = new Snapshot(new SnapshotId("st-auto-orders-20260301t0600z"),
            new DatabaseId("orders"), "northeurope", Instant.parse("2026-03-01T06:01:09Z"), true,
            VerificationStatus.UNVERIFIED, Optional.empty());
    static final SnapshotManifest MANIFEST = new SnapshotManifest(REPLICA.id(), REPLICA.database(),
            Instant.parse("2026-03-01T06:00:02Z"), "16.4", "fp-1", Map.of("public.orders", 3L), "a".repeat(64), 100);

    ArmApi api;
    AzureClients clients;
    TestAzure.RecordingSleeper sleeper;
    FlexibleServerRestorer restorer;

    @BeforeEach
    void start() {
        api = new ArmApi();
        clients = TestAzure.clients();
        sleeper = new TestAzure.RecordingSleeper();
        restorer = new FlexibleServerRestorer(TestAzure.arm(clients, api.baseUrl(), sleeper, 2), TestAzure.SERVERS, SETTINGS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void restore_whenNoServerYet_putsAPointInTimeRestoreAtTheManifestsConsistentPoint() {
        String path = api.serverPath("drill-run1");
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/drill-run1' under resource group 'silenttalk-prod' was not found."))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("restore-1"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("restore-1"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("restore-1", "InProgress"))));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, MANIFEST, "drill-run1");

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        JsonNode body = Json.tree(api.requests("PUT", path).get(0).getBodyAsString(), "body");
        assertThat(body.path("location").asText()).isEqualTo("westeurope");
        assertThat(body.path("properties").path("createMode").asText()).isEqualTo("PointInTimeRestore");
        assertThat(body.path("properties").path("sourceServerResourceId").asText()).isEqualTo(api.serverPath("orders"));
        assertThat(body.path("properties").path("pointInTimeUTC").asText()).isEqualTo("2026-03-01T06:00:02Z");
    }

    @Test
    void restore_whenGeoRestoreIsOn_putsAGeoRestoreIntoThePairedRegion() {
        String path = api.serverPath("drill-run2");
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(201)
                .withBody(ArmApi.server("drill-run2", "Provisioning"))));
        FlexibleServerRestorer geo = new FlexibleServerRestorer(TestAzure.arm(clients, api.baseUrl(), sleeper, 2),
                TestAzure.SERVERS, new FlexibleServerRestorer.Settings("westeurope", "northeurope", true, "silenttalk",
                        SETTINGS.adminSecretRef()));

        assertThat(geo.restore(REPLICA, MANIFEST, "drill-run2")).isInstanceOf(Progress.Pending.class);

        JsonNode body = Json.tree(api.requests("PUT", path).get(0).getBodyAsString(), "body");
        assertThat(body.path("location").asText()).isEqualTo("northeurope");
        assertThat(body.path("properties").path("createMode").asText()).isEqualTo("GeoRestore");
        assertThat(body.path("properties").path("sourceServerResourceId").asText()).isEqualTo(api.serverPath("orders"));
    }

    @Test
    void restore_whenTheRestoreOperationFails_raisesTheDocumentedError() {
        String path = api.serverPath("drill-run1");
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("restore-2"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("restore-2"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.failedOperation("restore-2", "PointInTimeRestoreTimeInvalid",
                        "The point in time is before the earliest restore point."))));

        assertThatThrownBy(() -> restorer.restore(REPLICA, MANIFEST, "drill-run1"))
                .isInstanceOf(ArmException.class).hasMessageContaining("PointInTimeRestoreTimeInvalid");
    }

    @Test
    void restore_whenServerIsReady_returnsItsHostAndOnlyTheSecretReference() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("drill-run1"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.server("drill-run1", "Ready"))));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, MANIFEST, "drill-run1");

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r -> {
            RestoredInstance instance = (RestoredInstance) r.value();
            assertThat(instance.host()).isEqualTo("drill-run1.postgres.database.azure.com");
            assertThat(instance.credentialsRef()).isEqualTo(SETTINGS.adminSecretRef());
            assertThat(instance.details()).containsEntry("user", "stadmin");
        });
        assertThat(api.requests("PUT", api.serverPath("drill-run1"))).isEmpty();
    }

    @Test
    void tearDown_whenServerIsNotADrillServer_refusesAndSendsNothing() {
        assertThatThrownBy(() -> restorer.tearDown("orders")).hasMessageContaining("refusing");
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void tearDown_whenDeleteIsAccepted_pollsTheOperationToSuccess() {
        String path = api.serverPath("drill-run1");
        api.server.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("del-1")).withHeader("Retry-After", "7")));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("del-1"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("del-1", "Succeeded"))));

        assertThat(restorer.tearDown("drill-run1")).isEqualTo(Progress.ready("drill-run1"));
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void drill_whenVerificationFailsAfterTheRestore_stillDeletesTheServer() {
        InMemorySnapshotStore primary = new InMemorySnapshotStore("westeurope");
        InMemorySnapshotStore paired = new InMemorySnapshotStore("northeurope");
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        ManualClock clock = new ManualClock(NOW);
        FakeInspector inspector = new FakeInspector(FakeInspector.healthy("fp", Map.of()))
                .failWith(new IllegalStateException("connection to drill-run1.postgres.database.azure.com:5432 refused"));
        DrillWorkflow workflow = new DrillWorkflow(primary, paired, new InMemoryReplicator(primary, paired), restorer,
                inspector, ledger, clock);
        String path = api.serverPath("drill-run1");
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("server").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("server").willSetStateTo("ready")
                .willReturn(aResponse().withStatus(201).withBody(ArmApi.server("drill-run1", "Provisioning"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("server").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.server("drill-run1", "Ready"))));
        api.server.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("del-2"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("del-2"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("del-2", "Succeeded"))));
        DrillRequest request = new DrillRequest(new DatabaseId("orders"), Duration.ofHours(6), "northeurope",
                DrillTargets.DEFAULT, List.of(), true);

        DrillState state = workflow.start("run1", request, NOW);
        for (int turn = 0; turn < 20 && !state.isDone(); turn++) {
            Advance<DrillState> next = workflow.advance(state, clock.instant());
            state = next.state();
            clock.advance(next.nextCheckAfter().orElse(Duration.ZERO));
        }

        assertThat(state.isDone()).isTrue();
        assertThat(state.report().passed()).isFalse();
        assertThat(state.report().failure()).contains("connection to drill-run1");
        assertThat(api.requests("PUT", path)).hasSize(1);
        assertThat(api.requests("DELETE", path)).hasSize(1);
    }
}
