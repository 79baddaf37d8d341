package com.silenttalk.automation.azure.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisGeoReplicationSwitchTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final FailoverPlan PLAN = new FailoverPlan("orders-gen3", "orders", "orders-weu", "orders-neu", false, true, NOW,
            NOW.plusSeconds(1800), List.of("test"));
    static final RedisGeoReplicationSwitch.Caches CACHES = new RedisGeoReplicationSwitch.Caches(FailoverArm.SUB, FailoverArm.RG,
            Map.of("orders-weu", "st-cache-weu", "orders-neu", "st-cache-neu"));

    ArmApi api;
    TestAzure.RecordingSleeper sleeper;
    RedisGeoReplicationSwitch cache;

    @BeforeEach
    void start() {
        api = new ArmApi();
        sleeper = new TestAzure.RecordingSleeper();
        cache = new RedisGeoReplicationSwitch(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 2), CACHES);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void switchTo_whenLinked_deletesTheLinkOnTheGeoSecondaryAndFollowsLocation() {
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        String result = "/subscriptions/" + FailoverArm.SUB + "/providers/Microsoft.Cache/locations/northeurope/operationResults/unlink-1";
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.linkedServer("st-cache-neu", "st-cache-weu", "Primary"))));
        api.server.stubFor(delete(urlPathEqualTo(link)).willReturn(aResponse().withStatus(202)
                .withHeader("location", api.baseUrl() + result + "?api-version=2024-11-01").withHeader("Retry-After", "3")));
        api.server.stubFor(get(urlPathEqualTo(result)).inScenario("unlink").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(202).withHeader("Retry-After", "4")).willSetStateTo("done"));
        api.server.stubFor(get(urlPathEqualTo(result)).inScenario("unlink").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200)));

        Progress<String> detail = cache.switchTo(PLAN);

        assertThat(detail).isInstanceOfSatisfying(Progress.Ready.class,
                d -> assertThat((String) d.value()).contains("st-cache-neu unlinked from st-cache-weu"));
        List<LoggedRequest> deletes = api.requests("DELETE", link);
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).queryParameter("api-version").firstValue()).isEqualTo("2024-11-01");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    @Test
    void switchTo_whenNoCacheIsConfiguredForTheNodes_reportsNothingToDoAndCallsNothing() {
        RedisGeoReplicationSwitch none = new RedisGeoReplicationSwitch(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 2),
                new RedisGeoReplicationSwitch.Caches(FailoverArm.SUB, FailoverArm.RG, Map.of()));

        assertThat(none.switchTo(PLAN)).isEqualTo(Progress.ready("no geo-replicated cache configured for orders-weu and orders-neu"));
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void switchTo_whenAlreadyUnlinked_sendsNoDelete() {
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "The Resource 'Microsoft.Cache/Redis/st-cache-neu/linkedServers/st-cache-weu' was not found."))));

        assertThat(cache.switchTo(PLAN)).isInstanceOfSatisfying(Progress.Ready.class,
                d -> assertThat((String) d.value()).contains("already a standalone"));
        assertThat(api.requests("DELETE", link)).isEmpty();
    }

    @Test
    void switchTo_whenTheOldCacheIsNotTheGeoPrimary_refusesToUnlink() {
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.linkedServer("st-cache-neu", "st-cache-weu", "Secondary"))));

        assertThatThrownBy(() -> cache.switchTo(PLAN)).hasMessageContaining("refusing to unlink");
        assertThat(api.requests("DELETE", link)).isEmpty();
    }

    @Test
    void switchTo_whenTheUnlinkFails_raisesTheDocumentedError() {
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.linkedServer("st-cache-neu", "st-cache-weu", "Primary"))));
        api.server.stubFor(delete(urlPathEqualTo(link)).willReturn(aResponse().withStatus(409)
                .withBody(ArmApi.error("Conflict", "The cache is busy processing another operation."))));

        assertThatThrownBy(() -> cache.switchTo(PLAN)).hasMessageContaining("Conflict").hasMessageContaining("busy");
    }

    @Test
    void requiredActions_whenListed_nameLinkedServerReadAndDelete() {
        assertThat(cache.requiredActions()).containsExactly("Microsoft.Cache/redis/linkedServers/read",
                "Microsoft.Cache/redis/linkedServers/delete");
    }
}
