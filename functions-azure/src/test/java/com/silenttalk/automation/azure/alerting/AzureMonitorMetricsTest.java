package com.silenttalk.automation.azure.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureMonitorMetricsTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:04:07.250Z");
    static final DatabaseId ORDERS = new DatabaseId("orders");

    ArmApi api;
    String path;
    AzureMonitorMetrics metrics;

    @BeforeEach
    void start() {
        api = new ArmApi(); // the same WireMock on 127.0.0.1, standing for <region>.monitoring.azure.com
        path = api.serverPath("orders") + "/metrics";
        metrics = TestAzure.metrics(TestAzure.clients(), api.baseUrl());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void publish_whenTheStoreAccepts_postsOneDocumentedMetricDocumentPerMetricAboutTheServer() {
        api.server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Map<String, Number> values = new LinkedHashMap<>();
        values.put(AzureMonitorMetrics.BACKUP_SUCCEEDED, 1);
        values.put(AzureMonitorMetrics.VERIFIED_BACKUP_AGE_SECONDS, 21742L);

        metrics.publish(ORDERS, NOW, values);

        api.server.verify(1, postRequestedFor(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + TestAzure.TEST_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"time": "2026-03-01T06:04:07Z",
                         "data": {"baseData": {"metric": "BackupSucceeded", "namespace": "SilentTalk/Backup",
                           "series": [{"min": 1.0, "max": 1.0, "sum": 1.0, "count": 1}]}}}
                        """)));
        api.server.verify(1, postRequestedFor(urlPathEqualTo(path)).withRequestBody(equalToJson("""
                {"time": "2026-03-01T06:04:07Z",
                 "data": {"baseData": {"metric": "VerifiedBackupAgeSeconds", "namespace": "SilentTalk/Backup",
                   "series": [{"min": 21742.0, "max": 21742.0, "sum": 21742.0, "count": 1}]}}}
                """)));
        assertThat(path).isEqualTo("/subscriptions/" + TestAzure.SUBSCRIPTION + "/resourceGroups/" + TestAzure.RESOURCE_GROUP
                + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders/metrics");
    }

    @Test
    @Timeout(120) // the backoff base is an hour: only Retry-After lets this finish
    void publish_whenThrottled_retriesAfterTheRetryAfterHeader() {
        api.server.stubFor(post(urlPathEqualTo(path)).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        api.server.stubFor(post(urlPathEqualTo(path)).inScenario("t").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200)));

        metrics.publish(ORDERS, NOW, Map.of(AzureMonitorMetrics.DRILL_PASSED, 1));

        api.server.verify(2, postRequestedFor(urlPathEqualTo(path)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | {\"statusCode\": 400, \"apiFailureResponse\": {\"error\": {\"code\": \"BadRequest\", \"message\": \"Time is out of range\"}}} | BadRequest",
            "403 | {\"error\": {\"code\": \"InvalidAuthenticationTokenAudience\", \"message\": \"The access token has been obtained from wrong audience or resource\"}} | InvalidAuthenticationTokenAudience"})
    void publish_whenRefused_raisesTheDocumentedErrorCodeWithoutTheToken(int status, String body, String code) {
        api.server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));

        assertThatThrownBy(() -> metrics.publish(ORDERS, NOW, Map.of(AzureMonitorMetrics.BACKUP_SUCCEEDED, 0)))
                .isInstanceOf(AzureMonitorMetrics.MetricsNotPublishedException.class)
                .hasMessageContaining("BackupSucceeded of orders").hasMessageContaining("HTTP " + status).hasMessageContaining(code)
                .message().doesNotContain(TestAzure.TEST_TOKEN);
    }

    @Test
    void backupsTaken_whenOneWindowIsStillPending_reportsItFailedAndTheAgeOfTheNewestVerifiedCopy() {
        api.server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        api.server.stubFor(post(urlPathEqualTo(api.serverPath("chat") + "/metrics")).willReturn(aResponse().withStatus(200)));
        InMemorySnapshotStore paired = new InMemorySnapshotStore("northeurope");
        paired.add(copy("st-auto-orders-20260301t0000z", "orders", "2026-03-01T00:00:09Z"));
        paired.add(copy("st-auto-orders-20260228t1800z", "orders", "2026-02-28T18:00:05Z"));
        BackupMetrics backup = new BackupMetrics(metrics, paired, new ManualClock(NOW));

        String status = backup.backupsTaken(List.of(
                new TakeSnapshots.Result(ORDERS, new SnapshotId("st-auto-orders-20260301t0600z"), TakeSnapshots.Status.TAKEN),
                new TakeSnapshots.Result(new DatabaseId("chat"), new SnapshotId("st-auto-chat-20260301t0600z"),
                        TakeSnapshots.Status.PENDING)));

        assertThat(status).isEqualTo("metrics=published");
        assertThat(sent("orders")).containsEntry("BackupSucceeded", 1.0)
                .containsEntry("VerifiedBackupAgeSeconds", (double) Duration.between(Instant.parse("2026-03-01T00:00:09Z"), NOW).toSeconds());
        assertThat(sent("chat")).containsEntry("BackupSucceeded", 0.0)
                .containsEntry("VerifiedBackupAgeSeconds", (double) BackupMetrics.NO_VERIFIED_BACKUP.toSeconds());
    }

    @Test
    void drillFinished_whenTheStoreRefuses_saysSoInTheStatusInsteadOfFailingTheDrill() {
        api.server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\": {\"code\": \"AuthorizationFailed\", \"message\": \"The client does not have authorization to perform action 'Microsoft.Insights/Metrics/Write'\"}}")));
        BackupMetrics backup = new BackupMetrics(metrics, new InMemorySnapshotStore("northeurope"), new ManualClock(NOW));
        DrillReport report = new DrillReport("run-1", "orders", "st-auto-orders-20260301t0000z", "westeurope", "northeurope",
                NOW.minusSeconds(3600), NOW, List.of(), List.of(), List.of(), Duration.ofMinutes(41), Duration.ofHours(1),
                Duration.ofHours(5), Duration.ofHours(6), null, true);

        String status = backup.drillFinished(report);

        assertThat(status).startsWith("metrics=NOT-PUBLISHED").contains("AuthorizationFailed").doesNotContain(TestAzure.TEST_TOKEN);
    }

    @Test
    void drillFinished_whenADrillPasses_sendsPassedRtoAndRpo() {
        api.server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        BackupMetrics backup = new BackupMetrics(metrics, new InMemorySnapshotStore("northeurope"), new ManualClock(NOW));

        backup.drillFinished(new DrillReport("run-1", "orders", "st-auto-orders-20260301t0000z", "westeurope", "northeurope",
                NOW.minusSeconds(3600), NOW, List.of(), List.of(), List.of(), Duration.ofMinutes(41), Duration.ofHours(1),
                Duration.ofHours(5), Duration.ofHours(6), null, true));

        assertThat(sent("orders")).containsExactlyInAnyOrderEntriesOf(Map.of("DrillPassed", 1.0, "RtoSeconds", 2460.0,
                "RpoSeconds", 18000.0));
    }

    @Test
    void alertRules_inThePlatformTemplate_watchExactlyTheMetricsThisPublisherSends() throws Exception {
        var template = com.silenttalk.automation.azure.runtime.Json.MAPPER.readTree(
                com.silenttalk.automation.azure.testing.LocalProcessServer.repoRoot().resolve("infra/azure/platform.json").toFile());
        List<String> watched = new java.util.ArrayList<>();
        for (var resource : template.path("resources")) {
            var criterion = resource.at("/properties/criteria/allOf/0");
            if (resource.path("type").asText().equals("Microsoft.Insights/metricAlerts")
                    && criterion.path("metricNamespace").asText().equals(AzureMonitorMetrics.NAMESPACE)) {
                watched.add(criterion.path("metricName").asText());
                assertThat(resource.at("/properties/actions/0/actionGroupId").asText()).contains("actionGroups");
            }
        }

        assertThat(watched).containsExactlyInAnyOrder(AzureMonitorMetrics.BACKUP_SUCCEEDED,
                AzureMonitorMetrics.VERIFIED_BACKUP_AGE_SECONDS, AzureMonitorMetrics.DRILL_PASSED);
    }

    /** metric name → value of the documents POSTed about one server. */
    Map<String, Double> sent(String server) {
        Map<String, Double> out = new LinkedHashMap<>();
        api.requests("POST", api.serverPath(server) + "/metrics").forEach(r -> {
            var body = com.silenttalk.automation.azure.runtime.Json.tree(r.getBodyAsString(), "body").path("data").path("baseData");
            out.put(body.path("metric").asText(), body.path("series").path(0).path("sum").asDouble());
        });
        return out;
    }

    static Snapshot copy(String id, String database, String createdAt) {
        return new Snapshot(new SnapshotId(id), new DatabaseId(database), "northeurope", Instant.parse(createdAt), true,
                VerificationStatus.UNVERIFIED, Optional.empty());
    }
}
