package com.silenttalk.automation.aws.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.core.type.TypeReference;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The failover Lambda with real event JSON: the composite alarm's EventBridge event, operator
 * approvals and the loop's own state. The RDS, ElastiCache and Route 53 adapters run for real
 * against WireMock speaking their wire protocols; the ledger is the core's in-memory one (the
 * DynamoDB ledger has its own dynalite tests) and the JDBC write probe is recorded (it has its
 * own tests on a real PostgreSQL).
 */
public class FailoverStepHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:10:00Z");
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-app-db-AbCdEf";
    static final String ZONE_PATH = "/2013-04-01/hostedzone/Z0123456789ABC/rrset/";

    final RdsApi api = new RdsApi();
    final AwsClients clients = TestAws.clients(api.endpoint());
    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final ManualClock clock = new ManualClock(NOW);
    final Lines lines = new Lines();
    final List<RdsTopology.Node> probed = new ArrayList<>();
    Duration lag = Duration.ofSeconds(2);

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    public static Map<String, String> environment(String mode) {
        Map<String, String> env = new LinkedHashMap<>(TestSettings.environment());
        env.put("ST_FAILOVER_GROUP", "orders");
        env.put("ST_FAILOVER_DB_MODE", "READ_REPLICA");
        env.put("ST_FAILOVER_NODES", "primary=eu-west-1/silenttalk-db, standby=eu-central-1/silenttalk-db-dr");
        env.put("ST_FAILOVER_FROM", "primary");
        env.put("ST_FAILOVER_TO", "standby");
        env.put("ST_FAILOVER_MODE", mode);
        env.put("ST_FAILOVER_COMPOSITE_ALARM", "st-failover-primary-down");
        env.put("ST_FAILOVER_HEALTH_ALARM", "st-db-health-check-failing");
        env.put("ST_FAILOVER_REACHABILITY_ALARM", "st-db-unreachable");
        env.put("ST_FAILOVER_DB_ALARM", "st-db-instance-silent");
        env.put("ST_FAILOVER_ALARM_WINDOW_MINUTES", "5");
        env.put("ST_FAILOVER_HOSTED_ZONE_ID", "Z0123456789ABC");
        env.put("ST_FAILOVER_RECORD_NAME", "db.silenttalk.example.");
        env.put("ST_FAILOVER_ENDPOINTS", "primary=silenttalk-db.abc.eu-west-1.rds.amazonaws.com,"
                + "standby=silenttalk-db-dr.abc.eu-central-1.rds.amazonaws.com");
        env.put("ST_FAILOVER_CACHE", "global-datastore");
        env.put("ST_FAILOVER_CACHE_ID", "ldgnf-silenttalk-global");
        env.put("ST_FAILOVER_CACHE_MEMBERS", "primary=eu-west-1/st-redis-euw1,standby=eu-central-1/st-redis-euc1");
        env.put("ST_FAILOVER_DB_SECRET_ARN", SECRET_ARN);
        return env;
    }

    FailoverStepHandler handler(String mode) {
        FailoverSettings f = FailoverSettings.fromEnvironment(environment(mode));
        RequestRateLimiter.Ticker noWait = new RequestRateLimiter.Ticker() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleep(Duration d) {
            }
        };
        return new FailoverStepHandler(TestSettings.settings(), f, new RdsFailover(f.topology(), clients::rds, probed::add),
                FailoverWiring.cacheOf(f, clients::elastiCache),
                new Route53TrafficRouter(clients.route53(), f.record(), new RequestRateLimiter(1000, noWait),
                        new RetryPolicy(3, Duration.ZERO, Duration.ZERO), noWait),
                node -> lag, node -> new JdbcFailoverProbe.Reach(true, "connected"), ledger, List.of("secretsmanager:GetSecretValue", "kms:Decrypt"), clock, lines.log(FailoverStepHandler.NAME));
    }

    /** What Step Functions passes from one turn to the next: the output, serialised and read back. */
    static Map<String, Object> roundTrip(Map<String, Object> output) {
        try {
            return Json.MAPPER.readValue(Json.write(output), new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The generic loop of template.yaml: call, wait as told, repeat until done. */
    Map<String, Object> runLoop(FailoverStepHandler handler, Map<String, Object> first) {
        Map<String, Object> out = roundTrip(handler.handleRequest(first, null));
        for (int turn = 0; turn < 50 && !Boolean.TRUE.equals(out.get("done")); turn++) {
            clock.advance(Duration.ofSeconds(((Number) out.get("waitSeconds")).longValue()));
            out = roundTrip(handler.handleRequest(Map.of("state", out.get("state")), null));
        }
        return out;
    }

    static String instance(String id, String status, String replicaSource) {
        return RdsApi.response("DescribeDBInstances", "<DBInstances><DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>"
                + "<DBInstanceStatus>" + status + "</DBInstanceStatus><AvailabilityZone>eu-central-1a</AvailabilityZone>"
                + (replicaSource == null ? "" : "<ReadReplicaSourceDBInstanceIdentifier>" + replicaSource + "</ReadReplicaSourceDBInstanceIdentifier>")
                + "</DBInstance></DBInstances>");
    }

    void stubTheWholeChain() {
        String source = "arn:aws:rds:eu-west-1:123456789012:db:silenttalk-db";
        api.sequence("DescribeDBInstances", List.of(
                new RdsApi.Answer(200, instance("silenttalk-db", "available", null)),
                new RdsApi.Answer(200, instance("silenttalk-db", "stopping", null)),
                new RdsApi.Answer(200, instance("silenttalk-db-dr", "available", source)),
                new RdsApi.Answer(200, instance("silenttalk-db-dr", "available", null))));
        api.on("StopDBInstance", 200, RdsApi.response("StopDBInstance",
                "<DBInstance><DBInstanceIdentifier>silenttalk-db</DBInstanceIdentifier><DBInstanceStatus>stopping</DBInstanceStatus></DBInstance>"));
        api.on("PromoteReadReplica", 200, RdsApi.response("PromoteReadReplica",
                "<DBInstance><DBInstanceIdentifier>silenttalk-db-dr</DBInstanceIdentifier><DBInstanceStatus>modifying</DBInstanceStatus></DBInstance>"));
        api.sequence("DescribeGlobalReplicationGroups", List.of(
                new RdsApi.Answer(200, ElastiCacheFailoverTest.global("available", "st-redis-euw1")),
                new RdsApi.Answer(200, ElastiCacheFailoverTest.global("available", "st-redis-euc1"))));
        api.on("FailoverGlobalReplicationGroup", 200, ElastiCacheFailoverTest.response("FailoverGlobalReplicationGroup",
                "<GlobalReplicationGroup><GlobalReplicationGroupId>ldgnf-silenttalk-global</GlobalReplicationGroupId><Status>modifying</Status></GlobalReplicationGroup>"));
        api.server().stubFor(post(urlEqualTo(ZONE_PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                        + "<ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2026-11-25T03:20:00.000Z</SubmittedAt></ChangeInfo>"
                        + "</ChangeResourceRecordSetsResponse>")));
    }

    int awsCalls() {
        return api.server().getAllServeEvents().size();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenTheCompositeAlarmFiresInApprovalMode_storesThePlanAndAsksAnOperator(Map<String, Object> event) {
        Map<String, Object> out = handler("APPROVAL_REQUIRED").handleRequest(event, null);

        assertThat(out).containsEntry("done", true).containsEntry("passed", false);
        assertThat((String) out.get("summary")).contains("failover plan orders-gen1 (primary -> standby) awaits approval until")
                .contains("{\"approvePlan\": \"orders-gen1\"}").contains("quorum met: [HEALTH_CHECK, REACHABILITY, ALARM]");
        AuditRecord plan = ledger.find(new RunKey("failover-plan/orders-gen1")).orElseThrow();
        assertThat(plan.outcome()).isEqualTo(Outcome.STARTED);
        assertThat(plan.details()).containsEntry("from", "primary").containsEntry("to", "standby");
        assertThat(awsCalls()).isZero();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"verdict\":\"AWAIT_APPROVAL\"")
                .contains("\"plan\":\"orders-gen1\"").doesNotContain(TestAws.SECRET_KEY));
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenTheSameAlarmIsDeliveredTwice_announcesThePlanOnce(Map<String, Object> event) {
        FailoverStepHandler handler = handler("APPROVAL_REQUIRED");
        handler.handleRequest(event, null);

        Map<String, Object> again = handler.handleRequest(event, null);

        assertThat(again).containsEntry("done", true).containsEntry("passed", true);
        assertThat(ledger.records("failover-plan")).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenApproved_runsTheWholeChainThroughTheLoopAndRecordsTheGeneration(Map<String, Object> event) {
        stubTheWholeChain();
        FailoverStepHandler handler = handler("APPROVAL_REQUIRED");
        handler.handleRequest(event, null);
        clock.advance(Duration.ofMinutes(4));

        Map<String, Object> done = runLoop(handler, Map.of("approvePlan", "orders-gen1"));

        assertThat(done).containsEntry("done", true).containsEntry("passed", true);
        assertThat((String) done.get("summary")).contains("failover orders-gen1 done: standby is primary; RTO");
        assertThat(api.requests("StopDBInstance")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("DBInstanceIdentifier", "silenttalk-db"));
        assertThat(api.requests("PromoteReadReplica")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("DBInstanceIdentifier", "silenttalk-db-dr"));
        assertThat(api.requests("FailoverGlobalReplicationGroup")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("PrimaryRegion", "eu-central-1").containsEntry("PrimaryReplicationGroupId", "st-redis-euc1"));
        var changes = api.server().findAll(postRequestedFor(urlEqualTo(ZONE_PATH)));
        assertThat(changes).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                .contains("<Action>UPSERT</Action>").contains("<Name>db.silenttalk.example.</Name>")
                .contains("<Value>silenttalk-db-dr.abc.eu-central-1.rds.amazonaws.com</Value>"));
        assertThat(probed).extracting(RdsTopology.Node::identifier).containsExactly("silenttalk-db-dr");
        assertThat(ledger.find(FailoverWorkflow.runKey("orders-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(FailoverHistory.read(ledger, "orders").generation()).isEqualTo(1);
        // the fence came before the promotion, and the traffic after it
        List<String> order = api.allRequests().stream().map(f -> f.getOrDefault("Action", "")).filter(a -> !a.startsWith("Describe")).toList();
        assertThat(order).containsExactly("StopDBInstance", "PromoteReadReplica", "FailoverGlobalReplicationGroup");
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("FailoverRtoSeconds"))
                .allSatisfy(l -> assertThat(l).doesNotContain(TestAws.SECRET_KEY));
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenAutomatic_startsTheFenceInTheSameInvocation(Map<String, Object> event) {
        stubTheWholeChain();

        Map<String, Object> out = handler("AUTOMATIC").handleRequest(event, null);

        assertThat(out).containsEntry("done", false).containsEntry("waitSeconds", 15L);
        assertThat(api.requests("StopDBInstance")).hasSize(1);
        assertThat(ledger.find(new RunKey("failover-lease/orders-gen1"))).isPresent();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenDryRun_returnsThePlanAndWritesNothing(Map<String, Object> event) {
        Map<String, Object> out = handler("DRY_RUN").handleRequest(event, null);

        assertThat((String) out.get("summary")).startsWith("dry run: would fail orders over from primary to standby");
        assertThat(ledger.writes()).isEmpty();
        assertThat(awsCalls()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenTheReplicaLagsBeyondTheRpo_refusesAndStoresNoPlan(Map<String, Object> event) {
        lag = Duration.ofHours(7);

        Map<String, Object> out = handler("AUTOMATIC").handleRequest(event, null);

        assertThat(out).containsEntry("done", true).containsEntry("passed", false);
        assertThat((String) out.get("summary")).contains("refused by the gate").contains("exceeds the RPO");
        assertThat(ledger.writes()).isEmpty();
        assertThat(awsCalls()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/failover-force-no-reason.json", type = Map.class)
    void handleRequest_whenForcedWithoutAReason_rejectsNamingReason(Map<String, Object> input) {
        lag = Duration.ofHours(7);

        assertThatThrownBy(() -> handler("AUTOMATIC").handleRequest(input, null)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("reason"));
        assertThat(ledger.writes()).isEmpty();
        assertThat(awsCalls()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/failover-force.json", type = Map.class)
    void handleRequest_whenAnOperatorForcesPastTheRpo_storesAForcedPlanWithTheReasonAndTheReportKeepsIt(Map<String, Object> input) {
        lag = Duration.ofHours(7);
        stubTheWholeChain();
        FailoverStepHandler handler = handler("APPROVAL_REQUIRED");

        Map<String, Object> stored = handler.handleRequest(input, null);

        assertThat((String) stored.get("summary")).startsWith("FORCED (data loss accepted) failover plan orders-gen1")
                .contains("exceeds the RPO").contains("reason: eu-west-1 is down for good; losing the last writes accepted by on-call (INC-4711)");
        AuditRecord plan = ledger.find(new RunKey("failover-plan/orders-gen1")).orElseThrow();
        assertThat(plan.details()).containsEntry("allowDataLoss", "true");
        assertThat(plan.details().get("reasons")).contains("reason: eu-west-1 is down for good; losing the last writes accepted by on-call (INC-4711)");
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"allowDataLoss\":\"eu-west-1 is down for good"));
        clock.advance(Duration.ofMinutes(4));

        Map<String, Object> done = runLoop(handler, Map.of("approvePlan", "orders-gen1"));

        assertThat(done).containsEntry("passed", true);
        assertThat((String) done.get("summary")).contains("failover orders-gen1 done")
                .endsWith("data loss accepted by the operator (allowDataLoss), reason: eu-west-1 is down for good; losing the last writes "
                        + "accepted by on-call (INC-4711)");
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenForcingIsNotNeeded_theWaiverIsNotRecorded(Map<String, Object> event) {
        Map<String, Object> forced = new java.util.HashMap<>(Map.of("alarm", event, "allowDataLoss", true, "reason", "just in case"));

        handler("APPROVAL_REQUIRED").handleRequest(forced, null);

        AuditRecord plan = ledger.find(new RunKey("failover-plan/orders-gen1")).orElseThrow();
        assertThat(plan.details()).containsEntry("allowDataLoss", "false");
        assertThat(plan.details().get("reasons")).doesNotContain("just in case");
    }

    @ParameterizedTest
    @Events(type = Map.class, events = {
            @Event("events/cloudwatch/failover-composite-alarm-wrong-source.json"),
            @Event("events/cloudwatch/failover-metric-alarm-no-rule.json"),
            @Event("events/cloudwatch/failover-composite-alarm-missing-name.json"),
            @Event("events/cloudwatch/failover-composite-alarm-or-rule.json"),
            @Event("events/cloudwatch/failover-composite-ok.json"),
            @Event("events/stepfunctions/failover-approve-unknown.json"),
            @Event("events/stepfunctions/failover-approve-malformed.json"),
            @Event("events/stepfunctions/failover-approve-not-a-string.json"),
            @Event("events/stepfunctions/drill-start.json"),
            @Event("events/stepfunctions/failover-force-no-reason.json")})
    void handleRequest_whenTheInputIsBad_rejectsNamingTheFieldAndChangesNothing(Map<String, Object> input) {
        FailoverStepHandler handler = handler("AUTOMATIC");

        assertThatThrownBy(() -> handler.handleRequest(input, null)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isIn("source", "detail.configuration.alarmRule",
                        "detail.alarmName", "detail.state.value", "plan", "approvePlan", "input", "reason"));
        assertThat(ledger.writes()).isEmpty();
        assertThat(awsCalls()).isZero();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"rejected\""));
    }

    @Test
    void handleRequest_whenTheWrongSourceArrives_saysWhichFieldAndWhatWasExpected() throws Exception {
        Map<String, Object> spoofed = Json.MAPPER.readValue(getClass().getResourceAsStream(
                "/events/cloudwatch/failover-composite-alarm-wrong-source.json"), new TypeReference<Map<String, Object>>() { });

        assertThatThrownBy(() -> handler("AUTOMATIC").handleRequest(spoofed, null))
                .hasMessageContaining("source").hasMessageContaining("com.example.spoofed").hasMessageContaining("aws.cloudwatch");
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenTheApprovalComesAfterTheExpiry_rejectsAndChangesNothing(Map<String, Object> event) {
        FailoverStepHandler handler = handler("APPROVAL_REQUIRED");
        handler.handleRequest(event, null);
        clock.advance(Duration.ofMinutes(31));
        int writes = ledger.writes().size();

        assertThatThrownBy(() -> handler.handleRequest(Map.of("approvePlan", "orders-gen1"), null))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("expired");
        assertThat(ledger.writes()).hasSize(writes);
        assertThat(ledger.find(new RunKey("failover-plan/orders-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.STARTED);
        assertThat(awsCalls()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenAPlanIsApprovedTwice_theSecondIsRejected(Map<String, Object> event) {
        stubTheWholeChain();
        FailoverStepHandler handler = handler("APPROVAL_REQUIRED");
        handler.handleRequest(event, null);
        handler.handleRequest(Map.of("approvePlan", "orders-gen1"), null);
        int calls = awsCalls();

        assertThatThrownBy(() -> handler.handleRequest(Map.of("approvePlan", "orders-gen1"), null))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("already approved or executed");
        assertThat(awsCalls()).isEqualTo(calls);
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/failover-composite-alarm.json", type = Map.class)
    void handleRequest_whenThePromotionFails_haltsAsksAnOperatorAndResumes(Map<String, Object> event) {
        stubTheWholeChain();
        api.on("PromoteReadReplica", 400, RdsApi.error("InvalidDBInstanceState", "DB Instance is not a read replica."));
        FailoverStepHandler handler = handler("AUTOMATIC");

        Map<String, Object> halted = runLoop(handler, event);

        assertThat(halted).containsEntry("done", true).containsEntry("passed", false);
        assertThat((String) halted.get("summary")).contains("halted at promote").contains("not a read replica")
                .contains("\"resume\": true");
        assertThat(api.server().findAll(postRequestedFor(urlEqualTo(ZONE_PATH)))).isEmpty();

        api.on("PromoteReadReplica", 200, RdsApi.response("PromoteReadReplica",
                "<DBInstance><DBInstanceIdentifier>silenttalk-db-dr</DBInstanceIdentifier><DBInstanceStatus>modifying</DBInstanceStatus></DBInstance>"));
        Map<String, Object> resume = new LinkedHashMap<>();
        resume.put("state", halted.get("state"));
        resume.put("resume", true);
        Map<String, Object> done = runLoop(handler, resume);

        assertThat(done).containsEntry("passed", true);
        assertThat(api.server().findAll(postRequestedFor(urlEqualTo(ZONE_PATH)))).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/failover-approve.json", type = Map.class)
    void plan_whenAnApproval_listsTheFenceWithoutCallingAnything(Map<String, Object> approval) {
        List<PlannedCall> calls = handler("APPROVAL_REQUIRED").plan(approval);

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("StopDBInstance");
            assertThat(c.parameters()).containsEntry("DBInstanceIdentifier", "silenttalk-db");
        });
        assertThat(awsCalls()).isZero();
        assertThat(ledger.writes()).isEmpty();
    }

    @Test
    void requiredActions_whenWired_areTheAdaptersActionsAndNoWildcard() {
        assertThat(handler("APPROVAL_REQUIRED").requiredActions()).containsExactlyInAnyOrder(
                "rds:DescribeDBInstances", "rds:PromoteReadReplica", "rds:StopDBInstance",
                "elasticache:DescribeGlobalReplicationGroups", "elasticache:FailoverGlobalReplicationGroup",
                "route53:ChangeResourceRecordSets", "secretsmanager:GetSecretValue", "kms:Decrypt", "dynamodb:PutItem", "dynamodb:GetItem");
    }
}
