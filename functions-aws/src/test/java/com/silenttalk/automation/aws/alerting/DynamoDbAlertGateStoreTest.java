package com.silenttalk.automation.aws.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.AlertGateStoreContract;
import com.silenttalk.automation.core.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
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

/** The gate store contract on a real DynamoDB API (dynalite), two "containers" with their own clients; plus the item's TTL. */
@ExtendWith(Dynalite.class)
class DynamoDbAlertGateStoreTest extends AlertGateStoreContract {
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

    @Override
    protected AlertGateStore store() {
        return storeA;
    }

    @Override
    protected AlertGateStore sameStoreElsewhere() {
        return storeB;
    }

    /** The table as template.yaml declares it (hash key dedupeKey). */
    static void create(DynamoDbClient dynamo, String table) {
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(DynamoDbAlertGateStore.KEY)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(DynamoDbAlertGateStore.KEY).keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    @Test
    void save_whenWorkIsDue_keepsTheItemPastItsDueTime() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(60));
        Instant due = T0.plusSeconds(360);

        storeA.save(firing.dedupeKey(), held(firing, resolved, due), 0, T0.plusSeconds(60));

        assertThat(expiresAt(firing)).isEqualTo(due.plus(TTL).getEpochSecond());
    }

    @Test
    void save_whenNothingIsDue_countsTheTtlFromNow() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);

        storeA.save(firing.dedupeKey(), open(firing), 0, T0.plusSeconds(5));

        assertThat(expiresAt(firing)).isEqualTo(T0.plusSeconds(5).plus(TTL).getEpochSecond());
    }

    private long expiresAt(Alert alert) {
        Map<String, AttributeValue> item = containerA.dynamoDb(TestAws.PRIMARY).getItem(r -> r.tableName(table)
                .key(Map.of(DynamoDbAlertGateStore.KEY, AttributeValue.fromS(alert.dedupeKey().value())))).item();
        return Long.parseLong(item.get(DynamoDbAlertGateStore.TTL_ATTRIBUTE).n());
    }
}
