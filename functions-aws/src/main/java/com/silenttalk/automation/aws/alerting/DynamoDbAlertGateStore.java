package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.GateKeyState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The alert gate's per-key state on DynamoDB, one item per dedupe key: the state as JSON, a
 * version that every write increments under a condition ({@code attribute_not_exists} for the
 * first, {@code version = :read} after), the due time of a held resolution or post-flap firing
 * ({@code dueAt}, epoch seconds with the fraction to the nanosecond, only while one is pending: whole seconds
 * made a sweep up to a second early find keys not yet due) and a TTL ({@code expiresAt}) counted
 * from the later of now and that due time, so DynamoDB never expires a key with work still due.
 */
public final class DynamoDbAlertGateStore implements AlertGateStore {
    public static final String KEY = "dedupeKey";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;

    public DynamoDbAlertGateStore(DynamoDbClient dynamo, String table, Duration ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
    }

    @Override
    public Optional<Versioned> load(DedupeKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(KEY, AttributeValue.fromS(key.value())))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        GateKeyState state = AlertJson.readGateState("state of " + key.value(), item.get("state").s());
        return Optional.of(new Versioned(state, Long.parseLong(item.get("version").n())));
    }

    @Override
    public boolean save(DedupeKey key, GateKeyState state, long expectedVersion, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(key.value()));
        item.put("state", AttributeValue.fromS(AlertJson.gateState(state)));
        item.put("version", AttributeValue.fromN(Long.toString(expectedVersion + 1)));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));
        Optional<Instant> due = state.dueAt();
        due.ifPresent(at -> item.put("dueAt", AttributeValue.fromN(epochSeconds(at))));
        Instant keepFrom = due.filter(at -> at.isAfter(now)).orElse(now);
        item.put(TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(keepFrom.plus(ttl).getEpochSecond())));
        try {
            if (expectedVersion == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#k)")
                        .expressionAttributeNames(Map.of("#k", KEY)));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("#v = :read")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(expectedVersion)))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A filtered scan: only keys with work pending carry {@code dueAt}, and TTL keeps the table small. */
    @Override
    public List<DedupeKey> dueBy(Instant now) {
        List<DedupeKey> due = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)
                        .filterExpression("#d <= :now").projectionExpression("#k")
                        .expressionAttributeNames(Map.of("#d", "dueAt", "#k", KEY))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(epochSeconds(now)))))
                .items().forEach(item -> due.add(new DedupeKey(item.get(KEY).s())));
        return due;
    }

    /** An instant as a DynamoDB number: epoch seconds and, when there is one, the fraction ("1772366760.25"). */
    static String epochSeconds(Instant at) {
        return new BigDecimal(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9)).stripTrailingZeros().toPlainString();
    }

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }
}
