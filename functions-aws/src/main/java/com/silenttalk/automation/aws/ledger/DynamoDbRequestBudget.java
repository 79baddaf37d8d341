package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The request budget on DynamoDB: one item per bucket ({@code bucket} = {@code rds/<account>/<region>}) holding
 * the bucket's next free slot in epoch nanoseconds. A reservation is one conditional UpdateItem, no read:
 * while the bucket is busy ({@code nextFree >= now}) it adds one interval and takes the old value as its slot;
 * when it is idle (or new) a second conditional update sets it to now plus one interval and takes now. Both
 * are atomic on the item, so concurrent containers never share a slot; a lost race just tries the other form.
 *
 * <p>Its own table, not the run ledger's: the status page scans the ledger and reads every item as a run.
 * Items carry a TTL ({@code expiresAt}) a day after their last slot, so idle buckets leave the table.
 */
public final class DynamoDbRequestBudget implements RequestBudget {
    public static final String KEY = "bucket";
    static final String NEXT_FREE = "nextFree";
    /** Enough for any contention: each lost race means another caller got its slot. */
    private static final int MAX_ROUNDS = 16;
    private static final Duration TTL = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final RequestRate rate;

    public DynamoDbRequestBudget(DynamoDbClient dynamo, String table, RequestRate rate) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    @Override
    public Instant reserve(RequestBucket bucket, Instant now) {
        AttributeValue key = AttributeValue.fromS(bucket.value());
        AttributeValue nowNanos = nanos(now);
        AttributeValue interval = AttributeValue.fromN(Long.toString(rate.interval().toNanos()));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try {
                Map<String, AttributeValue> old = dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, key))
                        .updateExpression("SET #n = #n + :i, #t = :ttl")
                        .conditionExpression("#n >= :now")
                        .expressionAttributeNames(Map.of("#n", NEXT_FREE, "#t", DynamoDbRunLedger.TTL_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":i", interval, ":now", nowNanos, ":ttl", ttl(now)))
                        .returnValues(ReturnValue.UPDATED_OLD)).attributes();
                return instant(old.get(NEXT_FREE));
            } catch (ConditionalCheckFailedException busyFailed) {
                // idle or new: the slot is now, if nobody moved the bucket ahead of now meanwhile
            }
            try {
                dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, key))
                        .updateExpression("SET #n = :next, #t = :ttl")
                        .conditionExpression("attribute_not_exists(#n) OR #n < :now")
                        .expressionAttributeNames(Map.of("#n", NEXT_FREE, "#t", DynamoDbRunLedger.TTL_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":next", nanos(now.plus(rate.interval())), ":now", nowNanos,
                                ":ttl", ttl(now))));
                return now;
            } catch (ConditionalCheckFailedException idleFailed) {
                // another caller took the idle slot: the bucket is busy now, reserve behind it
            }
        }
        throw new IllegalStateException("no request slot of " + bucket + " after " + MAX_ROUNDS + " conditional updates in " + table);
    }

    private static AttributeValue ttl(Instant now) {
        return AttributeValue.fromN(Long.toString(now.plus(TTL).getEpochSecond()));
    }

    private static AttributeValue nanos(Instant at) {
        return AttributeValue.fromN(Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano())));
    }

    private static Instant instant(AttributeValue nanos) {
        long n = Long.parseLong(nanos.n());
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    /** What a reservation calls: conditional UpdateItem only. */
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:UpdateItem");

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }
}
