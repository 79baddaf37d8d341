package com.silenttalk.automation.aws.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.core.type.TypeReference;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The every-minute reachability probe (its own Lambda function since issue #16): the real scheduled event, the real JDBC probe
 * against a throwaway PostgreSQL (reached) and a closed port (unreachable), and the embedded-metric line
 * that template.yaml's FailoverReachabilityAlarm reads.
 */
@ExtendWith(Postgres.class)
class FailoverReachabilityProbeTest {
    static final String SCHEDULE = "events/eventbridge/scheduled-event-failover-reachability.json";
    static final String PASSWORD = Postgres.PASSWORD;

    final AwsClients clients = TestAws.clients("http://127.0.0.1:9");
    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final Lines lines = new Lines();

    @AfterEach
    void stop() {
        clients.close();
    }

    FailoverReachabilityHandler handler(int primaryPort) {
        FailoverSettings f = FailoverSettings.fromEnvironment(FailoverStepHandlerTest.environment("APPROVAL_REQUIRED"));
        InMemorySecretStore secrets = new InMemorySecretStore(FailoverStepHandlerTest.SECRET_ARN, "v1",
                new Credential(Postgres.USER, "db.silenttalk.example", PASSWORD.toCharArray(), Map.of("port", "5432")));
        JdbcFailoverProbe probe = new JdbcFailoverProbe(secrets, FailoverStepHandlerTest.SECRET_ARN, "postgres", "prefer",
                node -> new RdsEndpoints.Endpoint("127.0.0.1", primaryPort));
        RequestRateLimiter.Ticker noWait = RequestRateLimiter.Ticker.SYSTEM;
        return new FailoverReachabilityHandler(new FailoverWiring(TestSettings.settings(), f, new RdsFailover(f.topology(), clients::rds, probe),
                FailoverWiring.cacheOf(f, clients::elastiCache),
                new Route53TrafficRouter(clients.route53(), f.record(), new RequestRateLimiter(1000, noWait),
                        new RetryPolicy(1, Duration.ZERO, Duration.ZERO), noWait),
                probe::replicaLag, probe::reach, ledger, probe.requiredActions(),
                new ManualClock(Instant.parse("2026-11-25T03:09:01Z"))), lines.log(FailoverReachabilityHandler.NAME));
    }

    /** The single embedded-metric line, read back as JSON. */
    Map<String, Object> metricLine() throws Exception {
        List<String> emf = lines.all().stream().filter(l -> l.startsWith("{\"_aws\"")).toList();
        assertThat(emf).hasSize(1);
        return Json.MAPPER.readValue(emf.get(0), new TypeReference<Map<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    static void assertIsTheAlarmsMetric(Map<String, Object> line, int value) {
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive).containsEntry("Namespace", "SilentTalk/App")
                .containsEntry("Dimensions", List.of(List.of("DBInstanceIdentifier")))
                .containsEntry("Metrics", List.of(Map.of("Name", "PrimaryConnectFailures", "Unit", "Count")));
        assertThat(aws).containsEntry("Timestamp", Instant.parse("2026-11-25T03:09:01Z").toEpochMilli());
        assertThat(line).containsEntry("DBInstanceIdentifier", "silenttalk-db").containsEntry("PrimaryConnectFailures", value);
    }

    @ParameterizedTest
    @Event(value = SCHEDULE, type = Map.class)
    void handleRequest_whenThePrimaryAcceptsALogin_emitsZeroAndWritesNothing(Map<String, Object> event, Postgres.Server pg) throws Exception {
        Map<String, Object> out = handler(pg.port()).handleRequest(event, null);

        assertThat(out).containsEntry("primary", "silenttalk-db").containsEntry("reachable", true);
        assertIsTheAlarmsMetric(metricLine(), 0);
        assertThat(ledger.claimAttempts()).isZero();
        assertThat(ledger.records()).isEmpty();
        assertThat(lines.all()).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain(PASSWORD));
    }

    @ParameterizedTest
    @Event(value = SCHEDULE, type = Map.class)
    void handleRequest_whenNothingListensOnThePrimary_emitsOne(Map<String, Object> event) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        Map<String, Object> out = handler(closed).handleRequest(event, null);

        assertThat(out).containsEntry("reachable", false);
        assertIsTheAlarmsMetric(metricLine(), 1);
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"reachable\":false").contains("08001"))
                .allSatisfy(l -> assertThat(l).doesNotContain(PASSWORD));
        assertThat(ledger.records()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = SCHEDULE, type = Map.class)
    void plan_whenTheScheduleFires_readsOnlyTheLoginSecret(Map<String, Object> event, Postgres.Server pg) {
        assertThat(handler(pg.port()).plan(event)).containsExactly(new PlannedCall("secretsmanager", "GetSecretValue", "eu-west-1",
                Map.of("SecretId", FailoverStepHandlerTest.SECRET_ARN)));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event-wrong-source.json", type = Map.class)
    void handleRequest_whenTheScheduleIsSpoofed_rejectsNamingSourceAndProbesNothing(Map<String, Object> event, Postgres.Server pg) {
        assertThatThrownBy(() -> handler(pg.port()).handleRequest(event, null))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("source");
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("rejected").doesNotContain("_aws"));
    }
}
