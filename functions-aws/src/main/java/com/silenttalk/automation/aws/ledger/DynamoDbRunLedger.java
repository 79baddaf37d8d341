package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The run ledger on DynamoDB: {@link #claim} is a PutItem conditioned on
 * {@code attribute_not_exists(runKey)}, so of any number of deliveries exactly one wins.
 * Every item carries a TTL attribute ({@code expiresAt}, epoch seconds) so the table
 * keeps itself to the audit horizon.
 */
public final class DynamoDbRunLedger implements RunLedger {
    public static final String KEY = "runKey";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;

    public DynamoDbRunLedger(DynamoDbClient dynamo, String table, Duration ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
    }

    @Override
    public boolean claim(AuditRecord started) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(started))
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A PutItem conditioned on {@code attribute_exists(runKey)}: a run that was never claimed is refused. */
    @Override
    public void update(AuditRecord record) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(record))
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY)));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("run " + record.key() + " was never claimed", e);
        }
    }

    @Override
    public Optional<AuditRecord> find(RunKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(KEY, AttributeValue.fromS(key.value())))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    /** One item as the record it stores; readers that scan the table (status) use it too. */
    public static AuditRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, String> details = new TreeMap<>();
        AttributeValue d = item.get("details");
        if (d != null && d.hasM()) {
            d.m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new AuditRecord(new RunKey(item.get(KEY).s()), item.get("action").s(), Outcome.valueOf(item.get("outcome").s()),
                Instant.parse(item.get("startedAt").s()), Instant.parse(item.get("updatedAt").s()), details);
    }

    private Map<String, AttributeValue> toItem(AuditRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(record.key().value()));
        item.put("action", AttributeValue.fromS(record.action()));
        item.put("outcome", AttributeValue.fromS(record.outcome().name()));
        item.put("startedAt", AttributeValue.fromS(record.startedAt().toString()));
        item.put("updatedAt", AttributeValue.fromS(record.updatedAt().toString()));
        Map<String, AttributeValue> details = new HashMap<>();
        record.details().forEach((k, v) -> details.put(k, AttributeValue.fromS(v)));
        item.put("details", AttributeValue.fromM(details));
        item.put(TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(record.updatedAt().plus(ttl).getEpochSecond())));
        return item;
    }

    /** The container's ledger: the table ST_LEDGER_TABLE names, in the function's region. */
    public static DynamoDbRunLedger of(AwsWiring w) {
        return new DynamoDbRunLedger(w.clients().dynamoDb(w.settings().region()), w.settings().ledgerTable(), w.settings().ledgerTtl());
    }

    /** What the ledger calls: conditional and plain PutItem, consistent GetItem. */
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:GetItem");

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }
}
