package com.silenttalk.automation.azure.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlexibleServerReplicaFailoverTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final String PG = "Microsoft.DBforPostgreSQL";
    static final String OLD = "orders-weu";
    static final String NEW = "orders-neu";

    ArmApi api;
    TestAzure.RecordingSleeper sleeper;
    List<String> probed;
    FlexibleServerReplicaFailover failover;

    static FailoverPlan plan(boolean planned, boolean allowDataLoss) {
        return new FailoverPlan("orders-gen3", "orders", OLD, NEW, planned, allowDataLoss, NOW, NOW.plusSeconds(1800),
                List.of("test"));
    }

    @BeforeEach
    void start() {
        api = new ArmApi();
        sleeper = new TestAzure.RecordingSleeper();
        probed = new ArrayList<>();
        failover = adapter(Optional.empty(), (server, host) -> probed.add(server + "@" + host));
    }

    FlexibleServerReplicaFailover adapter(Optional<String> replicaLocation, WriteProbe probe) {
        return new FlexibleServerReplicaFailover(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 2),
                TestAzure.SERVERS, probe, replicaLocation);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    void serverIs(String name, String state, String role, String replicationState) {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(name))).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.server(name, state, role, replicationState))));
    }

    /** The documented 202 of a promotion: Azure-AsyncOperation and Location, then the operation's status. */
    void promotionAccepted(String operationId, String finalStatusBody) {
        api.server.stubFor(patch(urlPathEqualTo(api.serverPath(NEW))).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, operationId, "2024-08-01"))
                .withHeader("Location", api.baseUrl() + "/subscriptions/" + FailoverArm.SUB
                        + "/providers/Microsoft.DBforPostgreSQL/locations/northeurope/operationResults/" + operationId + "?api-version=2024-08-01")
                .withHeader("Retry-After", "10")));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, operationId)))
                .willReturn(aResponse().withStatus(200).withBody(finalStatusBody)));
    }

    JsonNode onlyPatchBody() {
        List<LoggedRequest> patches = api.requests("PATCH", api.serverPath(NEW));
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).queryParameter("api-version").firstValue()).isEqualTo("2024-08-01");
        return Json.tree(patches.get(0).getBodyAsString(), "body");
    }

    @Test
    void promote_whenPlannedSwitchover_sendsSwitchoverPlannedAndFollowsTheOperationToSucceeded() {
        serverIs(NEW, "Ready", "AsyncReplica", "Active");
        promotionAccepted("promo-1", ArmApi.operation("promo-1", "Succeeded"));

        Progress<String> progress = failover.promote(plan(true, false));

        assertThat(progress).isInstanceOf(Progress.Ready.class);
        JsonNode body = onlyPatchBody();
        assertThat(body.toString()).isEqualTo("{\"properties\":{\"replica\":{\"promoteMode\":\"switchover\",\"promoteOption\":\"planned\"}}}");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "planned={0} allowDataLoss={1} -> {2}/{3}")
    @CsvSource({
            "true, false, switchover, planned",
            "false, false, standalone, planned",
            "false, true, standalone, forced"})
    void promote_whenPlanIsGiven_sendsForcedOnlyWhenTheOperatorAcceptedDataLoss(boolean planned, boolean allowDataLoss,
                                                                                 String mode, String option) {
        serverIs(NEW, "Ready", "GeoAsyncReplica", "Active");
        promotionAccepted("promo-2", ArmApi.operation("promo-2", "Succeeded"));

        failover.promote(plan(planned, allowDataLoss));

        JsonNode replica = onlyPatchBody().path("properties").path("replica");
        assertThat(replica.path("promoteMode").asText()).isEqualTo(mode);
        assertThat(replica.path("promoteOption").asText()).isEqualTo(option);
    }

    @Test
    void promote_whenPlanned_neverSendsForcedForAnyPlannedPlan() {
        // FailoverPlan refuses planned + allowDataLoss, so every planned plan there is maps to planned.
        assertThat(FlexibleServerReplicaFailover.Promotion.of(plan(true, false)).option()).isEqualTo("planned");
        assertThatThrownBy(() -> plan(true, true)).hasMessageContaining("never accepts data loss");
    }

    @Test
    void promote_whenTheOperationFails_raisesTheDocumentedError() {
        serverIs(NEW, "Ready", "AsyncReplica", "Active");
        promotionAccepted("promo-3", ArmApi.failedOperation("promo-3", "ReplicaPromotionFailed",
                "The promotion of the read replica failed. Retry the operation."));

        assertThatThrownBy(() -> failover.promote(plan(false, true)))
                .isInstanceOf(ArmException.class)
                .hasMessageContaining("ReplicaPromotionFailed")
                .hasMessageContaining(NEW);
    }

    @Test
    void promote_whenStillRunningAfterThePolls_returnsPendingWithTheServicesWait() {
        serverIs(NEW, "Ready", "AsyncReplica", "Active");
        api.server.stubFor(patch(urlPathEqualTo(api.serverPath(NEW))).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, "promo-4", "2024-08-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, "promo-4"))).willReturn(aResponse()
                .withStatus(200).withHeader("Retry-After", "20").withBody(ArmApi.operation("promo-4", "InProgress"))));

        Progress<String> progress = failover.promote(plan(true, false));

        assertThat(progress).isInstanceOfSatisfying(Progress.Pending.class,
                p -> assertThat(p.checkAgainAfter()).isEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    @Timeout(120) // a hang guard: the test backoff base is an hour, so only Retry-After lets this finish
    void promote_whenArmThrottlesWith429_retriesAfterTheRetryAfterHeader() {
        serverIs(NEW, "Ready", "AsyncReplica", "Active");
        String path = api.serverPath(NEW);
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody(ArmApi.error("TooManyRequests", "The request is being throttled.")))
                .willSetStateTo("open"));
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server(NEW, "Ready", "Primary", null))));

        assertThat(failover.promote(plan(true, false))).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("PATCH", path)).hasSize(2);
    }

    @Test
    void promote_whenTargetIsAlreadyAReadyPrimary_sendsNoPatch() {
        serverIs(NEW, "Ready", "Primary", null);

        assertThat(failover.promote(plan(true, false))).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("PATCH", api.serverPath(NEW))).isEmpty();
    }

    @Test
    void promote_whenAPromotionIsAlreadyUnderWay_waitsWithoutASecondPatch() {
        serverIs(NEW, "Updating", "AsyncReplica", "Updating");

        assertThat(failover.promote(plan(false, true))).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("PATCH", api.serverPath(NEW))).isEmpty();
    }

    @Test
    void fence_whenPlannedSwitchover_leavesItToTheServiceAndCallsNothing() {
        assertThat(failover.fence(plan(true, false))).isEqualTo(Progress.ready(0L));
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void fence_whenFailoverAndOldPrimaryIsReady_stopsItAndFollowsTheOperation() {
        serverIs(OLD, "Ready", "Primary", null);
        String stop = api.serverPath(OLD) + "/stop";
        api.server.stubFor(post(urlPathEqualTo(stop)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, "stop-1", "2024-08-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, "stop-1"))).willReturn(aResponse()
                .withStatus(200).withBody(ArmApi.operation("stop-1", "Succeeded"))));

        assertThat(failover.fence(plan(false, true))).isEqualTo(Progress.ready(-1L));
        List<LoggedRequest> stops = api.requests("POST", stop);
        assertThat(stops).hasSize(1);
        assertThat(stops.get(0).queryParameter("api-version").firstValue()).isEqualTo("2024-08-01");
        assertThat(stops.get(0).getBodyAsString()).isEmpty();
    }

    @Test
    void fence_whenOldPrimaryIsAlreadyStopped_sendsNoStop() {
        serverIs(OLD, "Stopped", "Primary", null);

        assertThat(failover.fence(plan(false, false))).isEqualTo(Progress.ready(-1L));
        assertThat(api.requests("POST", api.serverPath(OLD))).isEmpty();
    }

    @Test
    void fence_whenStopFails_raisesSoTheChainHaltsBeforePromoting() {
        serverIs(OLD, "Ready", "Primary", null);
        api.server.stubFor(post(urlPathEqualTo(api.serverPath(OLD) + "/stop")).willReturn(aResponse().withStatus(409)
                .withBody(ArmApi.error("ServerIsBusy", "Another operation is in progress on server 'orders-weu'."))));

        assertThatThrownBy(() -> failover.fence(plan(false, true)))
                .isInstanceOf(ArmException.class).hasMessageContaining("ServerIsBusy");
    }

    @ParameterizedTest(name = "{0} {1} -> writable={2}")
    @CsvSource({"Ready, Primary, true", "Ready, None, true", "Ready, AsyncReplica, false", "Updating, Primary, false",
            "Stopped, Primary, false"})
    void isWritable_whenArmReportsStateAndRole_isTrueOnlyForAReadyNonReplica(String state, String role, boolean writable) {
        serverIs(NEW, state, role, null);

        assertThat(failover.isWritable(NEW)).isEqualTo(writable);
    }

    @Test
    void verifyWrites_whenServerExists_probesTheHostArmReports() {
        serverIs(NEW, "Ready", "Primary", null);

        failover.verifyWrites(NEW);

        assertThat(probed).containsExactly(NEW + "@" + NEW + ".postgres.database.azure.com");
    }

    @Test
    void verifyWrites_whenTheProbeFails_raises() {
        serverIs(NEW, "Ready", "Primary", null);
        FlexibleServerReplicaFailover failing = adapter(Optional.empty(), (server, host) -> {
            throw new IllegalStateException("cannot execute INSERT in a read-only transaction");
        });

        assertThatThrownBy(() -> failing.verifyWrites(NEW)).hasMessageContaining("read-only");
    }

    @Test
    void reprotect_whenSwitchoverSwappedTheRoles_reportsTheOldPrimaryAsReplica() {
        serverIs(OLD, "Ready", "AsyncReplica", "Active");

        Progress<String> progress = failover.reprotect(plan(true, false));

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class,
                r -> assertThat((String) r.value()).contains(OLD + " is now a AsyncReplica of " + NEW));
    }

    @Test
    void reprotect_whenStandaloneAndNoReplicaLocation_reportsTheOperatorsStepsAndCallsNothing() {
        Progress<String> progress = failover.reprotect(plan(false, true));

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r -> assertThat((String) r.value())
                .contains("\"createMode\": \"Replica\"")
                .contains(api.serverPath(NEW))
                .contains("recovering the writes"));
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void reprotect_whenReplicaLocationIsConfigured_putsADocumentedCreateReplica() {
        FlexibleServerReplicaFailover rebuilding = adapter(Optional.of("westeurope"), (s, h) -> { });
        String replica = api.serverPath("orders-gen3-replica");
        api.server.stubFor(get(urlPathEqualTo(replica)).inScenario("replica").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(replica)).inScenario("replica").willSetStateTo("created")
                .willReturn(aResponse().withStatus(202)
                        .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, "create-1", "2024-08-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, "create-1"))).willReturn(aResponse()
                .withStatus(200).withBody(ArmApi.operation("create-1", "InProgress"))));
        api.server.stubFor(get(urlPathEqualTo(replica)).inScenario("replica").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server("orders-gen3-replica", "Ready", "AsyncReplica", "Active"))));

        assertThat(rebuilding.reprotect(plan(false, false))).isInstanceOf(Progress.Pending.class);
        assertThat(rebuilding.reprotect(plan(false, false))).isInstanceOf(Progress.Ready.class);

        List<LoggedRequest> puts = api.requests("PUT", replica);
        assertThat(puts).hasSize(1);
        JsonNode body = Json.tree(puts.get(0).getBodyAsString(), "body");
        assertThat(body.path("location").asText()).isEqualTo("westeurope");
        assertThat(body.path("properties").path("createMode").asText()).isEqualTo("Replica");
        assertThat(body.path("properties").path("sourceServerResourceId").asText()).isEqualTo(api.serverPath(NEW));
    }

    @Test
    void requiredActions_whenListed_nameReadWriteAndStop() {
        assertThat(failover.requiredActions()).containsExactly("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/write", "Microsoft.DBforPostgreSQL/flexibleServers/stop/action");
    }
}
