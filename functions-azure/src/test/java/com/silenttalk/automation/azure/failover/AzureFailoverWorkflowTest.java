package com.silenttalk.automation.azure.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core's failover chain driven through the three Azure adapters against ARM on WireMock. */
class AzureFailoverWorkflowTest {
    static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    static final String PG = "Microsoft.DBforPostgreSQL";
    static final String OLD = "orders-weu";
    static final String NEW = "orders-neu";
    static final FailoverPlan SWITCHOVER = new FailoverPlan("orders-gen3", "orders", OLD, NEW, true, false, T0,
            T0.plusSeconds(1800), List.of("planned switchover requested by an operator"));

    ArmApi api;
    ManualClock clock;
    InMemoryRunLedger ledger;
    List<String> probed;
    FailoverWorkflow workflow;

    @BeforeEach
    void start() {
        api = new ArmApi();
        clock = new ManualClock(T0);
        ledger = new InMemoryRunLedger();
        probed = new ArrayList<>();
        ArmClient arm = TestAzure.arm(TestAzure.clients(), api.baseUrl(), new TestAzure.RecordingSleeper(), 2);
        workflow = new FailoverWorkflow(
                new FlexibleServerReplicaFailover(arm, TestAzure.SERVERS, (server, host) -> probed.add(host), Optional.empty()),
                new RedisGeoReplicationSwitch(arm, new RedisGeoReplicationSwitch.Caches(FailoverArm.SUB, FailoverArm.RG,
                        Map.of(OLD, "st-cache-weu", NEW, "st-cache-neu"))),
                new FrontDoorOriginSwitch(arm, new FrontDoorOriginSwitch.OriginGroup(FailoverArm.SUB, FailoverArm.RG, "st-edge",
                        "app", Map.of(OLD, "app-weu", NEW, "app-neu"))),
                ledger, clock, Duration.ofMinutes(30));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.originsPath())).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origins(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 1, "Succeeded"),
                        FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 2, "Succeeded")))));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-weu")).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 3, "Succeeded"))));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-neu")).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"))));
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.linkedServer("st-cache-neu", "st-cache-weu", "Primary"))));
        api.server.stubFor(delete(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    FailoverState run(FailoverPlan plan) {
        FailoverState state = FailoverState.begin(plan, clock.instant());
        for (int turn = 0; turn < 30; turn++) {
            Advance<FailoverState> next = workflow.advance(state, clock.instant());
            state = next.state();
            if (next.isDone()) {
                return state;
            }
            clock.advance(next.nextCheckAfter().orElseThrow().plusSeconds(1));
        }
        throw new AssertionError("the chain did not stop within 30 turns: " + state.step());
    }

    /** The paths of the PATCHes in the order ARM received them (WireMock lists the newest first). */
    List<String> patchesInOrder() {
        List<ServeEvent> events = new ArrayList<>(api.server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest).filter(r -> r.getMethod().getName().equals("PATCH"))
                .map(r -> r.getUrl().replaceAll("\\?.*", "")).toList();
    }

    void promotionEndsAs(String statusBody) {
        String path = api.serverPath(NEW);
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("promotion").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server(NEW, "Ready", "AsyncReplica", "Active"))));
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("promotion").willSetStateTo("promoted")
                .willReturn(aResponse().withStatus(202)
                        .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, "promo-9", "2024-08-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, "promo-9"))).willReturn(aResponse()
                .withStatus(200).withBody(statusBody)));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("promotion").whenScenarioStateIs("promoted")
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server(NEW, "Ready", "Primary", null))));
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(OLD))).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.server(OLD, "Ready", "AsyncReplica", "Active"))));
    }

    @Test
    void failover_whenThePromotionFails_haltsInARecordedStateAndNeverSwitchesFrontDoor() {
        promotionEndsAs(ArmApi.failedOperation("promo-9", "ReplicaPromotionFailed",
                "The read replica could not be promoted. Retry the operation."));

        FailoverState state = run(SWITCHOVER);

        assertThat(state.halted()).isTrue();
        assertThat(state.step()).isEqualTo(FailoverStep.PROMOTE);
        assertThat(state.failure()).contains("ReplicaPromotionFailed");
        assertThat(api.requests("PATCH", api.serverPath(NEW))).hasSize(1);
        assertThat(api.requests("PATCH", FailoverArm.originsPath())).isEmpty();
        assertThat(api.requests("GET", FailoverArm.originsPath())).isEmpty();
        assertThat(api.requests("DELETE", FailoverArm.linkPath("st-cache-neu", "st-cache-weu"))).isEmpty();
        assertThat(probed).isEmpty();
        AuditRecord audit = ledger.find(FailoverWorkflow.runKey(SWITCHOVER.planId())).orElseThrow();
        assertThat(audit.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(audit.details()).containsEntry("step", "promote").containsEntry("planned", "true");
    }

    @Test
    void failover_whenEveryStepSucceeds_movesFrontDoorOnlyAfterThePromotionAndRecordsTheRto() {
        promotionEndsAs(ArmApi.operation("promo-9", "Succeeded"));

        FailoverState state = run(SWITCHOVER);

        assertThat(state.halted()).isFalse();
        assertThat(state.step()).isEqualTo(FailoverStep.DONE);
        assertThat(state.rto()).isNotNull();
        assertThat(probed).containsExactly(NEW + ".postgres.database.azure.com");
        assertThat(api.requests("PATCH", FailoverArm.originsPath())).hasSize(2);
        List<String> patches = patchesInOrder();
        assertThat(patches).containsExactly(api.serverPath(NEW), FailoverArm.originsPath() + "/app-weu",
                FailoverArm.originsPath() + "/app-neu");
        assertThat(state.timings().get(state.timings().size() - 1).detail()).contains(OLD + " is now a AsyncReplica of " + NEW);
        assertThat(ledger.find(FailoverWorkflow.runKey(SWITCHOVER.planId())).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}
