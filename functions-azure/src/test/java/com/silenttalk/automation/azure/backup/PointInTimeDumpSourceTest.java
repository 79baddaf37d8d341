package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PointInTimeDumpSourceTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final Instant POINT = Instant.parse("2026-03-01T06:00:02Z");
    static final String NAME = PointInTimeDumpSource.nameFor("st-auto-orders-20260301t0600z");
    static final PointInTimeDumpSource.Settings SETTINGS = new PointInTimeDumpSource.Settings("westeurope", "silenttalk",
            "https://st-ops-kv.vault.azure.net/secrets/orders-admin", 3, Duration.ofSeconds(30));

    ArmApi api;
    TestAzure.RecordingSleeper sleeper;
    PointInTimeDumpSource source;

    @BeforeEach
    void start() {
        api = new ArmApi();
        sleeper = new TestAzure.RecordingSleeper();
        source = new PointInTimeDumpSource(TestAzure.arm(TestAzure.clients(), api.baseUrl(), sleeper, 2), TestAzure.SERVERS,
                SETTINGS, sleeper);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static String dumpSource(String name, String state, String tag, String point) {
        JsonNode server = Json.tree(ArmApi.server(name, state), "server");
        ((com.fasterxml.jackson.databind.node.ObjectNode) server).putObject("tags")
                .put(PointInTimeDumpSource.TAG, tag).put(PointInTimeDumpSource.POINT_TAG, point);
        return Json.write(server);
    }

    @Test
    void provision_whenNoServerYet_putsAPointInTimeRestoreTaggedWithItsNameAndPoint() {
        String path = api.serverPath(NAME);
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/" + NAME + "' was not found."))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("pitr-1"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("pitr-1"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("pitr-1", "InProgress"))));

        Progress<ConsistentReadPoint.DumpSource> progress = source.provision(ORDERS, POINT, NAME);

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        JsonNode body = Json.tree(api.requests("PUT", path).get(0).getBodyAsString(), "body");
        assertThat(body.path("location").asText()).isEqualTo("westeurope");
        assertThat(body.path("properties").path("createMode").asText()).isEqualTo("PointInTimeRestore");
        assertThat(body.path("properties").path("sourceServerResourceId").asText()).isEqualTo(api.serverPath("orders"));
        assertThat(body.path("properties").path("pointInTimeUTC").asText()).isEqualTo("2026-03-01T06:00:02Z");
        assertThat(body.path("tags").path(PointInTimeDumpSource.TAG).asText()).isEqualTo(NAME);
        assertThat(body.path("tags").path(PointInTimeDumpSource.POINT_TAG).asText()).isEqualTo("2026-03-01T06:00:02Z");
        assertThat(NAME).isEqualTo("dumpsrc-st-auto-orders-20260301t0600z");
    }

    @Test
    void provision_whenTheServerIsReady_answersItsAddressAndThePointWithoutRestoringAgain() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(NAME))).willReturn(aResponse().withStatus(200)
                .withBody(dumpSource(NAME, "Ready", NAME, POINT.toString()))));

        Progress<ConsistentReadPoint.DumpSource> progress = source.provision(ORDERS, POINT, NAME);

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, ready -> {
            ConsistentReadPoint.DumpSource ds = (ConsistentReadPoint.DumpSource) ready.value();
            assertThat(ds.host()).isEqualTo(NAME + ".postgres.database.azure.com");
            assertThat(ds.pointInTime()).isEqualTo(POINT);
            assertThat(ds.database()).isEqualTo("silenttalk");
            assertThat(ds.credentialsRef()).isEqualTo(SETTINGS.adminSecretUri());
            assertThat(ds.details()).containsEntry("user", "stadmin");
        });
        assertThat(api.requests("PUT", api.serverPath(NAME))).isEmpty();
    }

    @Test
    void provision_whenTheServerHoldsAnotherPoint_refusesNamingBothPoints() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(NAME))).willReturn(aResponse().withStatus(200)
                .withBody(dumpSource(NAME, "Ready", NAME, "2026-03-01T05:59:00Z"))));

        assertThatThrownBy(() -> source.provision(ORDERS, POINT, NAME))
                .hasMessageContaining(NAME).hasMessageContaining("2026-03-01T05:59:00Z").hasMessageContaining("2026-03-01T06:00:02Z");
    }

    @Test
    void provision_whenTheRestoreOperationFailsEveryTime_triesBoundedTimesThenFailsInOneLineNamingTheServer() {
        String path = api.serverPath(NAME);
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("pitr-2"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("pitr-2"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.failedOperation("pitr-2", "InternalServerError", "An unexpected error occured while processing the request."))));

        assertThatThrownBy(() -> source.provision(ORDERS, POINT, NAME))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NAME).hasMessageContaining("after 3 attempts").hasMessageContaining("InternalServerError")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(api.requests("PUT", path)).hasSize(3);
        assertThat(sleeper.waits()).contains(Duration.ofSeconds(30));
    }

    @Test
    void release_whenTheServerIsNotTaggedAsOurs_refusesAndDeletesNothing() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(NAME))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.server(NAME, "Ready"))));

        assertThatThrownBy(() -> source.release(NAME)).hasMessageContaining(NAME).hasMessageContaining("not a dump source this suite created");
        assertThat(api.requests("DELETE", api.serverPath(NAME))).isEmpty();
    }

    @Test
    void release_whenTheNameIsNotADumpSources_refusesWithoutAnyCall() {
        assertThatThrownBy(() -> source.release("orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dumpsrc-*").hasMessageContaining("orders");
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void release_whenOurs_deletesAndFollowsTheOperation() {
        String path = api.serverPath(NAME);
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(dumpSource(NAME, "Ready", NAME, POINT.toString()))));
        api.server.stubFor(delete(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("del-1"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("del-1"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("del-1", "Succeeded"))));

        assertThat(source.release(NAME)).isEqualTo(Progress.ready(NAME));
        assertThat(api.requests("DELETE", path)).hasSize(1);
    }

    @Test
    void planned_whenADryRunAsks_listsTheRestoreWithItsBodyAndTheDeleteWithoutCallingArm() {
        var calls = source.planned(ORDERS, POINT, NAME);

        assertThat(calls).extracting(c -> c.operation()).containsExactly("PUT", "DELETE");
        assertThat(calls).allSatisfy(c -> assertThat(c.target()).startsWith(api.serverPath(NAME) + "?api-version="));
        assertThat(Json.write(calls.get(0).parameters())).contains("\"createMode\":\"PointInTimeRestore\"")
                .contains("\"pointInTimeUTC\":\"2026-03-01T06:00:02Z\"").contains("\"" + PointInTimeDumpSource.TAG + "\":\"" + NAME + "\"");
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void settings_whenAttemptsAreOutOfRange_refuseNamingTheField() {
        assertThatThrownBy(() -> new PointInTimeDumpSource.Settings("westeurope", "silenttalk", "uri", 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attempts ");
    }
}
