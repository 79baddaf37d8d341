package com.silenttalk.automation.aws.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.aws.ledger.RdsRequestBudget;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.StsAnswers;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.ledger.RequestBucket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The snapshot branch on its production wiring ({@link SnapshotBranchHandler#SnapshotBranchHandler(AwsWiring)}), every
 * AWS call on one WireMock that speaks RDS's Query protocol and DynamoDB's JSON protocol: with the budget table set,
 * each RDS request is preceded by its reservation (conditional UpdateItem of the account and region's bucket).
 */
class SnapshotBranchHandlerTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String DYNAMODB = "DynamoDB_20120810.";
    static final String MEMBER = "333333333333";

    RdsApi api;
    AwsClients clients;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        api.on("DescribeDBSnapshots", 200, describeSnapshots());
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
        api.on("CreateDBSnapshot", 200, response("CreateDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null,
                Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE))));
        dynamoDb("PutItem", null, 200, "{}");
        dynamoDb("GetItem", null, 200, "{}");
        // the bucket is idle: the busy form's condition fails, the idle form takes the slot now
        dynamoDb("UpdateItem", ">= :now", 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}");
        dynamoDb("UpdateItem", "attribute_not_exists", 200, "{}");
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    void dynamoDb(String operation, String bodyFragment, int status, String body) {
        var stub = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DYNAMODB + operation));
        if (bodyFragment != null) {
            stub = stub.withRequestBody(containing(bodyFragment));
        }
        api.server().stubFor(stub.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody(body)));
    }

    SnapshotBranchHandler handler(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(TestSettings.environment());
        env.putAll(extra);
        return new SnapshotBranchHandler(new AwsWiring(AwsSettings.fromEnvironment(env), clients, Clock.fixed(NOW, ZoneOffset.UTC), env));
    }

    /** The requests in arrival order, each as its DynamoDB operation or RDS action. */
    List<String> arrivals() {
        List<LoggedRequest> newestFirst = new ArrayList<>(api.server().getAllServeEvents().stream().map(e -> e.getRequest()).toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().map(r -> {
            String target = r.getHeader("X-Amz-Target");
            if (target != null && target.startsWith(DYNAMODB)) {
                String operation = target.substring(DYNAMODB.length());
                return operation.equals("UpdateItem") ? "UpdateItem " + (r.getBodyAsString().contains("attribute_not_exists") ? "idle" : "busy")
                        + (r.getBodyAsString().contains(RequestBucket.rds(TestAws.ACCOUNT, TestAws.PRIMARY).value()) ? " primary"
                        : r.getBodyAsString().contains(RequestBucket.rds(MEMBER, TestAws.PRIMARY).value()) ? " member" : " other")
                        + (r.getBodyAsString().contains("\"st-budget\"") ? "" : " (another table)") : operation;
            }
            String action = r.getBodyAsString().replaceAll("^Action=([A-Za-z]+).*", "$1");
            return action.equals("AssumeRole") ? "sts AssumeRole" : "rds " + action;
        }).toList();
    }

    @ParameterizedTest
    @Event(value = "branches/snapshot-branch.json", type = Map.class)
    void handleRequest_whenTheBudgetTableIsSet_reservesASlotOfTheAccountAndRegionBeforeEveryRdsRequest(Map<String, Object> input) {
        SnapshotBranchHandler handler = handler(Map.of(RdsRequestBudget.TABLE_VARIABLE, "st-budget"));

        Map<String, Object> out = handler.handleRequest(input, null);

        assertThat(out).containsEntry("database", "orders").containsEntry("snapshotId", ORDERS_ID).containsEntry("status", "PENDING");
        List<String> arrivals = arrivals();
        List<String> rdsRequests = arrivals.stream().filter(a -> a.startsWith("rds ")).toList();
        assertThat(rdsRequests).contains("rds CreateDBSnapshot");
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.get(i).startsWith("rds ")) {
                assertThat(arrivals.subList(i - 2, i)).as("before %s in %s", arrivals.get(i), arrivals)
                        .containsExactly("UpdateItem busy primary", "UpdateItem idle primary");
            }
        }
        assertThat(handler.requiredActions()).contains("dynamodb:UpdateItem", "rds:CreateDBSnapshot");
    }

    @ParameterizedTest
    @Event(value = "branches/snapshot-branch.json", type = Map.class)
    void handleRequest_whenNoBudgetTableIsSet_sendsRdsRequestsWithoutReservationsAndNeedsNoUpdateItem(Map<String, Object> input) {
        SnapshotBranchHandler handler = handler(Map.of());

        handler.handleRequest(input, null);

        assertThat(arrivals()).contains("rds CreateDBSnapshot").noneMatch(a -> a.startsWith("UpdateItem"));
        assertThat(handler.requiredActions()).doesNotContain("dynamodb:UpdateItem");
    }

    @ParameterizedTest
    @Event(value = "branches/snapshot-branch.json", type = Map.class)
    void handleRequest_whenTheDatabaseIsInAMemberAccount_snapshotsThereAsTheMemberRolePacedInThatAccountsBucket(Map<String, Object> input) {
        String billingId = "st-auto-billing-20260301t0600z";
        api.on("CreateDBSnapshot", "DBInstanceIdentifier=billing", 200, response("CreateDBSnapshot",
                dbSnapshot(billingId, "billing", TestAws.PRIMARY, "creating", null, Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE))));
        api.on("AssumeRole", 200, StsAnswers.assumeRole("arn:aws:iam::" + MEMBER + ":role/silenttalk-ops-member",
                "silenttalk-snapshot-branch-20260301T0600Z", "ASIABILLINGSESSION01", "billing-session-secret", "billing-token",
                Instant.now().plus(java.time.Duration.ofHours(1))));  // the SDK renews by the system clock
        SnapshotBranchHandler handler = handler(Map.of(RdsRequestBudget.TABLE_VARIABLE, "st-budget",
                "ST_DATABASES", "orders:instance,billing@" + MEMBER, "ST_MEMBER_ROLE_EXTERNAL_ID", "st-ops-external-7f3a9c"));
        input.put("database", "billing@" + MEMBER);

        Map<String, Object> out = handler.handleRequest(input, null);

        assertThat(out).containsEntry("database", "billing").containsEntry("snapshotId", billingId).containsEntry("status", "PENDING");
        assertThat(api.requests("AssumeRole")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("RoleArn", "arn:aws:iam::" + MEMBER + ":role/silenttalk-ops-member")
                .containsEntry("ExternalId", "st-ops-external-7f3a9c")
                .containsEntry("RoleSessionName", "silenttalk-snapshot-branch-20260301T0600Z"));
        List<String> arrivals = arrivals();
        assertThat(arrivals).contains("rds CreateDBSnapshot").noneMatch(a -> a.endsWith(" primary"));
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.get(i).startsWith("rds ")) {
                assertThat(arrivals.subList(i - 2, i)).as("before %s in %s", arrivals.get(i), arrivals)
                        .containsExactly("UpdateItem busy member", "UpdateItem idle member");
            }
        }
        assertThat(api.server().findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("DBInstanceIdentifier=billing"))))
                .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization")).contains("Credential=ASIABILLINGSESSION01/"));
        assertThat(handler.requiredActions()).contains("sts:AssumeRole", "dynamodb:UpdateItem", "rds:CreateDBSnapshot");
    }
}
