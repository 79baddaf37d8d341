package com.silenttalk.automation.azure.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FrontDoorOriginSwitchTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final String CDN = "Microsoft.Cdn";
    static final FailoverPlan PLAN = new FailoverPlan("orders-gen3", "orders", "orders-weu", "orders-neu", true, false, NOW,
            NOW.plusSeconds(1800), List.of("test"));
    static final FrontDoorOriginSwitch.OriginGroup GROUP = new FrontDoorOriginSwitch.OriginGroup(FailoverArm.SUB,
            FailoverArm.RG, "st-edge", "app", Map.of("orders-weu", "app-weu", "orders-neu", "app-neu"));

    ArmApi api;
    TestAzure.RecordingSleeper sleeper;
    FrontDoorOriginSwitch router;

    @BeforeEach
    void start() {
        api = new ArmApi();
        sleeper = new TestAzure.RecordingSleeper();
        router = new FrontDoorOriginSwitch(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 2), GROUP);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    void originsAre(String... origins) {
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.originsPath())).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origins(origins))));
    }

    void patchAnswers(String origin, int priority) {
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/" + origin)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origin(origin, origin + ".azurewebsites.net", priority, "Succeeded"))));
    }

    /** PATCHes in the order Front Door received them, as "origin=priority" (WireMock lists the newest first). */
    List<String> patches() {
        List<ServeEvent> events = new ArrayList<>(api.server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
                .map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equals("PATCH"))
                .map(r -> r.getUrl().replaceAll(".*/origins/([^?]+)\\?.*", "$1") + "="
                        + Json.tree(r.getBodyAsString(), "body").path("properties").path("priority").asInt())
                .toList();
    }

    @Test
    void switchTo_whenOldRegionHasPriority1_demotesItBeforeRaisingTheTarget() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 1, "Succeeded"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 2, "Succeeded"));
        patchAnswers("app-weu", 3);
        patchAnswers("app-neu", 1);

        String detail = router.switchTo(PLAN);

        assertThat(patches()).containsExactly("app-weu=3", "app-neu=1");
        assertThat(detail).contains("now prefers app-neu");
        for (LoggedRequest r : api.requests("PATCH", FailoverArm.originsPath())) {
            assertThat(r.queryParameter("api-version").firstValue()).isEqualTo("2024-02-01");
            assertThat(Json.tree(r.getBodyAsString(), "body").path("properties").size()).isEqualTo(1);
        }
        assertThat(api.requests("GET", FailoverArm.originsPath()).get(0).queryParameter("api-version").firstValue())
                .isEqualTo("2024-02-01");
    }

    @Test
    void switchTo_whenTargetAlreadyHasPriority1_sendsNoPatch() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 2, "Succeeded"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"));

        assertThat(router.switchTo(PLAN)).contains("already has priority 1");
        assertThat(patches()).isEmpty();
    }

    @Test
    void switchTo_whenPrioritiesAreSetButStillDeploying_failsSoAResumeChecksAgain() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 2, "Updating"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"));

        assertThatThrownBy(() -> router.switchTo(PLAN)).hasMessageContaining("app-weu Updating");
    }

    @Test
    void switchTo_whenUpdateIsAccepted_followsAzureAsyncOperationToSucceeded() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 1, "Succeeded"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-weu")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, CDN, "afd-1", "2024-02-01"))
                .withHeader("Retry-After", "5")
                .withBody(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 2, "Updating"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(CDN, "afd-1"))).willReturn(aResponse()
                .withStatus(200).withBody(ArmApi.operation("afd-1", "Succeeded"))));

        router.switchTo(PLAN);

        assertThat(patches()).containsExactly("app-weu=2");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void switchTo_whenTheUpdateFails_raisesTheDocumentedErrorAndStopsThere() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 1, "Succeeded"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 2, "Succeeded"));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-weu")).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, CDN, "afd-2", "2024-02-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(CDN, "afd-2"))).willReturn(aResponse()
                .withStatus(200).withBody(ArmApi.failedOperation("afd-2", "Conflict", "The origin is being updated."))));

        assertThatThrownBy(() -> router.switchTo(PLAN)).isInstanceOf(ArmException.class).hasMessageContaining("Conflict");
        assertThat(patches()).containsExactly("app-weu=3");
    }

    @Test
    @Timeout(120) // a hang guard: the test backoff base is an hour, so only Retry-After lets this finish
    void switchTo_whenArmThrottlesWith429_retriesAfterTheRetryAfterHeader() {
        originsAre(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 2, "Succeeded"),
                FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 3, "Succeeded"));
        String path = FailoverArm.originsPath() + "/app-neu";
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody(ArmApi.error("TooManyRequests", "Too many requests, retry later.")))
                .willSetStateTo("open"));
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"))));
        patchAnswers("app-weu", 4);

        router.switchTo(PLAN);

        assertThat(api.requests("PATCH", path)).hasSize(2);
        assertThat(patches()).containsExactly("app-weu=4", "app-neu=1", "app-neu=1");
    }

    @Test
    void switchTo_whenTheTargetHasNoOrigin_rejectsBeforeAnyCall() {
        FailoverPlan elsewhere = new FailoverPlan("orders-gen3", "orders", "orders-weu", "orders-sea", true, false, NOW,
                NOW.plusSeconds(1800), List.of("test"));

        assertThatThrownBy(() -> router.switchTo(elsewhere)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("orders-sea");
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void requiredActions_whenListed_nameOriginReadAndWrite() {
        assertThat(router.requiredActions()).containsExactly("Microsoft.Cdn/profiles/originGroups/origins/read",
                "Microsoft.Cdn/profiles/originGroups/origins/write");
    }
}
