package com.silenttalk.automation.azure.scaling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AppServicePlanScalerTest {
    static final String PLAN_PATH = "/subscriptions/" + TestAzure.SUBSCRIPTION + "/resourceGroups/" + TestAzure.RESOURCE_GROUP
            + "/providers/Microsoft.Web/serverfarms/silenttalk-api-plan";
    static final ScalingTarget PLAN = new ScalingTarget(PLAN_PATH);

    ArmApi api;
    TestAzure.RecordingSleeper sleeper;
    AppServicePlanScaler scaler;

    @BeforeEach
    void start() {
        api = new ArmApi();
        sleeper = new TestAzure.RecordingSleeper();
        scaler = new AppServicePlanScaler(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 3));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** "App Service Plans - Get" as documented: sku with capacity, properties with the worker limits. */
    static String plan(int capacity) {
        return """
                {"id": "%s", "name": "silenttalk-api-plan", "type": "Microsoft.Web/serverfarms", "kind": "linux",
                 "location": "West Europe", "tags": {"app": "silenttalk"},
                 "sku": {"name": "P1v3", "tier": "PremiumV3", "size": "P1v3", "family": "Pv3", "capacity": %d},
                 "properties": {"status": "Ready", "maximumNumberOfWorkers": 30, "numberOfWorkers": %d,
                   "geoRegion": "West Europe", "perSiteScaling": false, "elasticScaleEnabled": false,
                   "maximumElasticWorkerCount": 1, "numberOfSites": 2, "isSpot": false, "reserved": true,
                   "isXenon": false, "hyperV": false, "targetWorkerCount": 0, "targetWorkerSizeId": 0,
                   "provisioningState": "Succeeded", "zoneRedundant": true}}
                """.formatted(PLAN_PATH, capacity, capacity);
    }

    void planIs(int capacity) {
        api.server.stubFor(get(urlPathEqualTo(PLAN_PATH)).willReturn(aResponse().withStatus(200).withBody(plan(capacity))));
    }

    JsonNode onlyPutBody() throws Exception {
        List<LoggedRequest> puts = api.requests("PUT", PLAN_PATH);
        assertThat(puts).hasSize(1);
        return Json.MAPPER.readTree(puts.get(0).getBodyAsString());
    }

    @Test
    void currentCount_whenThePlanExists_readsSkuCapacityWithTheDocumentedApiVersion() {
        planIs(4);

        assertThat(scaler.currentCount(PLAN)).isEqualTo(4);
        List<LoggedRequest> gets = api.requests("GET", PLAN_PATH);
        assertThat(gets).hasSize(1);
        assertThat(gets.get(0).queryParameter("api-version").firstValue()).isEqualTo("2023-12-01");
        assertThat(gets.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TestAzure.TEST_TOKEN);
    }

    @Test
    void setDesiredCount_whenItDiffers_putsThePlanBackWithOnlyTheCapacityChanged() throws Exception {
        planIs(4);
        api.server.stubFor(put(urlPathEqualTo(PLAN_PATH)).willReturn(aResponse().withStatus(200).withBody(plan(5))));

        scaler.setDesiredCount(PLAN, 5);

        JsonNode body = onlyPutBody();
        assertThat(body.path("sku").toString()).isEqualTo(
                "{\"name\":\"P1v3\",\"tier\":\"PremiumV3\",\"size\":\"P1v3\",\"family\":\"Pv3\",\"capacity\":5}");
        assertThat(body.path("location").asText()).isEqualTo("West Europe");
        assertThat(body.path("kind").asText()).isEqualTo("linux");
        assertThat(body.path("tags").path("app").asText()).isEqualTo("silenttalk");
        assertThat(body.path("properties").path("reserved").asBoolean()).isTrue();
        assertThat(body.path("properties").path("zoneRedundant").asBoolean()).isTrue();
        // read-only properties are not sent back
        assertThat(body.path("properties").has("status")).isFalse();
        assertThat(body.path("properties").has("numberOfSites")).isFalse();
        assertThat(body.path("properties").has("maximumNumberOfWorkers")).isFalse();
        assertThat(api.requests("PUT", PLAN_PATH).get(0).getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    void setDesiredCount_whenArmAcceptsAsynchronously_followsTheOperationUntilItSucceeds() {
        planIs(3);
        String operation = "/subscriptions/" + TestAzure.SUBSCRIPTION + "/providers/Microsoft.Web/locations/westeurope/operationResults/scale-1";
        api.server.stubFor(put(urlPathEqualTo(PLAN_PATH)).willReturn(aResponse().withStatus(202)
                .withHeader("Location", api.baseUrl() + operation + "?api-version=2023-12-01").withHeader("Retry-After", "7")));
        api.server.stubFor(get(urlPathEqualTo(operation)).willReturn(aResponse().withStatus(200).withBody(plan(4))));

        scaler.setDesiredCount(PLAN, 4);

        assertThat(api.requests("GET", operation)).hasSize(1);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void setDesiredCount_whenTheCountIsAlreadySet_writesNothing() {
        planIs(6);

        scaler.setDesiredCount(PLAN, 6);

        assertThat(api.requests("PUT", PLAN_PATH)).isEmpty();
    }

    @Test
    @Timeout(120) // a hang guard: the test backoff base is an hour, so only Retry-After lets this finish
    void setDesiredCount_whenArmThrottlesWith429_retriesAfterTheRetryAfterHeader() throws Exception {
        planIs(4);
        api.server.stubFor(put(urlPathEqualTo(PLAN_PATH)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody(ArmApi.error("TooManyRequests", "Too many requests, retry later.")))
                .willSetStateTo("open"));
        api.server.stubFor(put(urlPathEqualTo(PLAN_PATH)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody(plan(3))));

        scaler.setDesiredCount(PLAN, 3);

        List<LoggedRequest> puts = api.requests("PUT", PLAN_PATH);
        assertThat(puts).hasSize(2);
        assertThat(Json.MAPPER.readTree(puts.get(1).getBodyAsString()).path("sku").path("capacity").asInt()).isEqualTo(3);
    }

    @Test
    void setDesiredCount_whenAnotherOperationHoldsThePlan_raisesTheDocumented409() {
        planIs(4);
        api.server.stubFor(put(urlPathEqualTo(PLAN_PATH)).willReturn(aResponse().withStatus(409).withBody(ArmApi.error("Conflict",
                "Cannot modify this web hosting plan because another operation is in progress."))));

        assertThatThrownBy(() -> scaler.setDesiredCount(PLAN, 5)).isInstanceOf(ArmException.class)
                .hasMessageContaining("HTTP 409 Conflict").hasMessageContaining("another operation is in progress")
                .satisfies(e -> assertThat(((ArmException) e).status()).isEqualTo(409));
        assertThat(api.requests("PUT", PLAN_PATH)).hasSize(1);
    }

    @Test
    void setDesiredCount_whenAboveTheSkuMaximum_refusesBeforeAnyWrite() {
        planIs(4);

        assertThatThrownBy(() -> scaler.setDesiredCount(PLAN, 31)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("count").hasMessageContaining("at most 30");
        assertThat(api.requests("PUT", PLAN_PATH)).isEmpty();
    }

    @Test
    void currentCount_whenThePlanDoesNotExist_raisesTheArmError() {
        api.server.stubFor(get(urlPathEqualTo(PLAN_PATH)).willReturn(aResponse().withStatus(404).withBody(ArmApi.error(
                "ResourceNotFound", "The Resource 'Microsoft.Web/serverFarms/silenttalk-api-plan' under resource group 'silenttalk-prod' was not found."))));

        assertThatThrownBy(() -> scaler.currentCount(PLAN)).isInstanceOf(ArmException.class).hasMessageContaining("ResourceNotFound");
    }

    @Test
    void currentCount_whenTheTargetIsNotAPlanId_namesTheFieldAndCallsNothing() {
        assertThatThrownBy(() -> scaler.currentCount(new ScalingTarget("cluster/service"))).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("target").hasMessageContaining("serverfarms");
        assertThatThrownBy(() -> scaler.setDesiredCount(new ScalingTarget(PLAN_PATH + "/../sites/x"), 4))
                .isInstanceOf(InvalidFieldException.class);
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void requiredActions_whenListed_nameServerfarmsReadAndWrite() {
        assertThat(scaler.requiredActions()).containsExactly("Microsoft.Web/serverfarms/read", "Microsoft.Web/serverfarms/write");
    }
}
