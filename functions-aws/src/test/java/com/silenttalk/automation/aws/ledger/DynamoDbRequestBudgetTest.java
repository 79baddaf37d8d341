package com.silenttalk.automation.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import com.silenttalk.automation.core.ledger.RequestBudgetContract;
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

/** The request budget contract on a real DynamoDB API (dynalite), two "containers" with their own clients; plus the item. */
@ExtendWith(Dynalite.class)
class DynamoDbRequestBudgetTest extends RequestBudgetContract {
    AwsClients containerA;
    AwsClients containerB;
    DynamoDbClient dynamo;
    String table;
    DynamoDbRequestBudget budget;
    DynamoDbRequestBudget elsewhere;

    /** The budget table: hash key {@code bucket}, on demand. */
    static void createTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(DynamoDbRequestBudget.KEY)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(DynamoDbRequestBudget.KEY).keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    @BeforeEach
    void createTable(LocalProcessServer dynalite) {
        containerA = TestAws.clients(dynalite.endpoint());
        containerB = TestAws.clients(dynalite.endpoint());
        dynamo = containerA.dynamoDb(TestAws.PRIMARY);
        table = "budget-" + UUID.randomUUID();
        createTable(dynamo, table);
        budget = new DynamoDbRequestBudget(dynamo, table, RATE);
        elsewhere = new DynamoDbRequestBudget(containerB.dynamoDb(TestAws.PRIMARY), table, RATE);
    }

    @AfterEach
    void close() {
        containerA.close();
        containerB.close();
    }

    @Override
    protected RequestBudget budget() {
        return budget;
    }

    @Override
    protected RequestBudget sameStoreElsewhere() {
        return elsewhere;
    }

    @Test
    void reserve_whenBucketIsUsed_keepsOneItemWithTheNextFreeSlotInEpochNanosAndATtl() {
        RequestBucket bucket = RequestBucket.rds(TestAws.ACCOUNT, TestAws.PRIMARY);
        budget.reserve(bucket, T0);
        budget.reserve(bucket, T0);

        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(DynamoDbRequestBudget.KEY, AttributeValue.fromS("rds/123456789012/eu-west-1")))).item();

        long t0Nanos = T0.getEpochSecond() * 1_000_000_000L + T0.getNano();
        assertThat(item.get(DynamoDbRequestBudget.NEXT_FREE).n()).isEqualTo(Long.toString(t0Nanos + 2 * RATE.interval().toNanos()));
        assertThat(item.get(DynamoDbRunLedger.TTL_ATTRIBUTE).n()).isEqualTo(Long.toString(T0.plusSeconds(86_400).getEpochSecond()));
        assertThat(dynamo.scan(r -> r.tableName(table)).count()).isEqualTo(1);
    }
}
