package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

class RetentionPrunerHandlerTest {
    static final Instant NOW = Instant.parse("2026-03-01T03:00:05Z");
    static final String EXPIRED = "st-auto-orders-20260101t0000z";
    static final String FRESH = "st-auto-orders-20260301t0000z";
    static final Map<String, String> SUITE = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE,
            SuiteTags.DATABASE, "orders", SuiteTags.VERIFICATION, "VERIFIED");

    RdsApi api;
    AwsClients clients;
    Lines lines = new Lines();
    AwsSettings settings = TestSettings.settings();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        api.on("DescribeDBSnapshots", "SnapshotType=manual", 200, describeSnapshots(
                dbSnapshot(EXPIRED, "orders", TestAws.PRIMARY, "available", Instant.parse("2026-01-01T00:00:10Z"), SUITE),
                dbSnapshot(FRESH, "orders", TestAws.PRIMARY, "available", Instant.parse("2026-03-01T00:00:10Z"), SUITE),
                dbSnapshot("kept-by-hand", "orders", TestAws.PRIMARY, "available", Instant.parse("2025-01-01T00:00:00Z"), Map.of())));
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    RetentionPrunerHandler handler(boolean dryRunByDefault) {
        // both "regions" answer from the same WireMock; the DR listing is given no snapshots
        api.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-central-1/"))
                .atPriority(0)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withBody(describeSnapshots())));
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                Map.of(), ManifestSource.NONE, clock);
        return new RetentionPrunerHandler(settings, primary, dr, new InMemoryRunLedger(), dryRunByDefault, clock,
                lines.log(RetentionPrunerHandler.NAME));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event-prune-dry-run.json", type = Map.class)
    void handleRequest_whenDryRun_returnsThePlanWithReasonsAndDeletesNothing(Map<String, Object> event) {
        Map<String, Object> out = handler(false).handleRequest(event, null);

        assertThat(out).containsEntry("dryRun", true);
        assertThat(out.get("delete").toString()).contains("eu-west-1/" + EXPIRED).contains("expired")
                .doesNotContain(FRESH).doesNotContain("kept-by-hand");
        assertThat(api.requests("DeleteDBSnapshot")).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenDailyRun_deletesOnlyTheExpiredSuiteSnapshot(Map<String, Object> event) {
        api.on("DescribeDBSnapshots", "DBSnapshotIdentifier=" + EXPIRED, 200, describeSnapshots(
                dbSnapshot(EXPIRED, "orders", TestAws.PRIMARY, "available", Instant.parse("2026-01-01T00:00:10Z"), SUITE)));
        api.on("DeleteDBSnapshot", 200, response("DeleteDBSnapshot",
                dbSnapshot(EXPIRED, "orders", TestAws.PRIMARY, "deleted", Instant.parse("2026-01-01T00:00:10Z"), SUITE)));

        handler(false).handleRequest(event, null);

        assertThat(api.requests("DeleteDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", EXPIRED));
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void handleRequest_whenGivenAnRdsEvent_rejectsIt(Map<String, Object> event) {
        assertThatThrownBy(() -> handler(false).handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("source");
        assertThat(api.allRequests()).isEmpty();
    }
}
