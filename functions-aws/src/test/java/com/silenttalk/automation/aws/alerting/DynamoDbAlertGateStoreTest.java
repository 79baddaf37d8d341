package com.silenttalk.automation.aws.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.alerting.channels.AlertFixtures;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.GateKeyState;
import com.silenttalk.automation.core.alerting.StoredAlertGate;
import com.silenttalk.automation.core.alerting.SuppressionContext;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The gate state on a real DynamoDB API (dynalite on 127.0.0.1), shared by two "containers" with their own clients. */
@ExtendWith(Dynalite.class)
class DynamoDbAlertGateStoreTest {
    static final Duration TTL = Duration.ofDays(7);

    AwsClients containerA;
    AwsClients containerB;
    String table;
    DynamoDbAlertGateStore storeA;
    DynamoDbAlertGateStore storeB;

    @BeforeEach
    void createTable(LocalProcessServer dynalite) {
        containerA = TestAws.clients(dynalite.endpoint());
        containerB = TestAws.clients(dynalite.endpoint());
        table = "alert-gate-" + UUID.randomUUID();
        create(containerA.dynamoDb(TestAws.PRIMARY), table);
        storeA = new DynamoDbAlertGateStore(containerA.dynamoDb(TestAws.PRIMARY), table, TTL);
        storeB = new DynamoDbAlertGateStore(containerB.dynamoDb(TestAws.PRIMARY), table, TTL);
    }

    @AfterEach
    void close() {
        containerA.close();
        containerB.close();
    }

    /** The table as template.yaml declares it (hash key dedupeKey). */
    static void create(DynamoDbClient dynamo, String table) {
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(DynamoDbAlertGateStore.KEY)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(DynamoDbAlertGateStore.KEY).keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    static GateKeyState heldState(Alert firing, Alert resolved, Instant now) {
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        gate.offer(firing, now, SuppressionContext.NONE);
        gate.offer(resolved, now.plusSeconds(60), SuppressionContext.NONE);
        return gate.export(firing.dedupeKey()).orElseThrow();
    }

    @Test
    void save_whenTwoWritersReadTheSameVersion_onlyOneWins() {
        Alert firing = AlertFixtures.alert("cloudwatch/alarm-state-change-metric.json");
        Alert resolved = AlertFixtures.alert("cloudwatch/alarm-state-change-metric-ok.json");
        GateKeyState state = heldState(firing, resolved, firing.changedAt());

        assertThat(storeA.save(firing.dedupeKey(), state, 0, firing.changedAt())).isTrue();
        assertThat(storeB.save(firing.dedupeKey(), state, 0, firing.changedAt())).isFalse();
        assertThat(storeB.save(firing.dedupeKey(), state, 1, firing.changedAt())).isTrue();
        assertThat(storeA.save(firing.dedupeKey(), state, 1, firing.changedAt())).isFalse();

        AlertGateStore.Versioned read = storeB.load(firing.dedupeKey()).orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.state()).isEqualTo(state);
    }

    @Test
    void save_whenWorkIsDue_keepsTheItemPastItsDueTimeAndFindsItWhenDue() {
        Alert firing = AlertFixtures.alert("cloudwatch/alarm-state-change-metric.json");
        Alert resolved = AlertFixtures.alert("cloudwatch/alarm-state-change-metric-ok.json");
        Instant now = firing.changedAt();
        GateKeyState state = heldState(firing, resolved, now);
        Instant due = state.dueAt().orElseThrow();

        storeA.save(firing.dedupeKey(), state, 0, now);

        Map<String, AttributeValue> item = containerA.dynamoDb(TestAws.PRIMARY).getItem(r -> r.tableName(table)
                .key(Map.of(DynamoDbAlertGateStore.KEY, AttributeValue.fromS(firing.dedupeKey().value())))).item();
        assertThat(Long.parseLong(item.get(DynamoDbAlertGateStore.TTL_ATTRIBUTE).n())).isEqualTo(due.plus(TTL).getEpochSecond());
        assertThat(storeB.dueBy(due.minusSeconds(1))).isEmpty();
        assertThat(storeB.dueBy(due)).containsExactly(firing.dedupeKey());
    }

    @Test
    void offer_whenTheResolutionReachesTheOtherContainer_isPairedThroughDynamoDb() {
        Alert firing = AlertFixtures.alert("cloudwatch/alarm-state-change-metric.json");
        Alert resolved = AlertFixtures.alert("cloudwatch/alarm-state-change-metric-ok.json");
        StoredAlertGate gateA = new StoredAlertGate(SuppressionPolicy.DEFAULT, storeA);
        StoredAlertGate gateB = new StoredAlertGate(SuppressionPolicy.DEFAULT, storeB);
        Instant t = firing.changedAt();

        List<GateDecision> fired = gateA.offer(firing, t, SuppressionContext.NONE);
        List<GateDecision> repeat = gateB.offer(firing, t.plusSeconds(30), SuppressionContext.NONE);
        List<GateDecision> held = gateB.offer(resolved, t.plusSeconds(90), SuppressionContext.NONE);
        List<GateDecision> released = gateA.sweep(t.plusSeconds(90).plus(SuppressionPolicy.DEFAULT.resolveSettle()));

        assertThat(fired).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(repeat).singleElement().isInstanceOf(GateDecision.Suppress.class);
        assertThat(held).singleElement().isInstanceOf(GateDecision.Hold.class);
        assertThat(released).singleElement().isInstanceOf(GateDecision.Deliver.class)
                .extracting(GateDecision::alert).isEqualTo(resolved);
        assertThat(storeA.load(firing.dedupeKey()).orElseThrow().state().open()).isFalse();
    }
}
