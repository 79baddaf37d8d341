package com.silenttalk.automation.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.ledger.RunLedgerContract;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger contract on a real DynamoDB API (dynalite), two "containers" with their own clients; plus the item's TTL. */
@ExtendWith(Dynalite.class)
class DynamoDbRunLedgerTest extends RunLedgerContract {
    AwsClients containerA;
    AwsClients containerB;
    DynamoDbClient dynamo;
    String table;
    DynamoDbRunLedger ledger;
    DynamoDbRunLedger elsewhere;

    @BeforeEach
    void createTable(LocalProcessServer dynalite) {
        containerA = TestAws.clients(dynalite.endpoint());
        containerB = TestAws.clients(dynalite.endpoint());
        dynamo = containerA.dynamoDb(TestAws.PRIMARY);
        table = "ledger-" + UUID.randomUUID();
        DynamoDbLedgerTable.create(dynamo, table);
        ledger = new DynamoDbRunLedger(dynamo, table, Duration.ofDays(400));
        elsewhere = new DynamoDbRunLedger(containerB.dynamoDb(TestAws.PRIMARY), table, Duration.ofDays(400));
    }

    @AfterEach
    void close() {
        containerA.close();
        containerB.close();
    }

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected RunLedger sameStoreElsewhere() {
        return elsewhere;
    }

    @Test
    void claim_whenKeyIsNew_writesTheItemWithATtlCountedFromTheLastUpdate() {
        RunKey key = new RunKey("snapshot/orders/20260301t0600z");

        ledger.claim(AuditRecord.started(key, "snapshot", T0));
        assertThat(expiresAt(key)).isEqualTo(T0.plus(Duration.ofDays(400)).getEpochSecond());
        ledger.update(AuditRecord.started(key, "snapshot", T0).finish(Outcome.SUCCEEDED, T0.plusSeconds(90), Map.of()));

        assertThat(expiresAt(key)).isEqualTo(T0.plusSeconds(90).plus(Duration.ofDays(400)).getEpochSecond());
        assertThat(item(key).get("outcome").s()).isEqualTo("SUCCEEDED");
    }

    private long expiresAt(RunKey key) {
        return Long.parseLong(item(key).get(DynamoDbRunLedger.TTL_ATTRIBUTE).n());
    }

    private Map<String, AttributeValue> item(RunKey key) {
        return dynamo.getItem(r -> r.tableName(table).key(Map.of("runKey", AttributeValue.fromS(key.value())))).item();
    }
}
