package com.silenttalk.automation.aws.scaling;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drills and failovers in progress, read from the run ledger's DynamoDB table (the items
 * {@link DynamoDbRunLedger} writes): a consistent Scan filtered on the server to {@code action} drill or failover
 * with {@code outcome} STARTED, then kept when it started less than {@link #STALE_AFTER} ago. The ledger holds
 * one item per run, so the scan reads the audit horizon's runs once per scaling decision (minutes apart).
 */
public final class DynamoDbActiveOperations implements ActiveOperations {
    public static final List<String> REQUIRED_ACTIONS = List.of("dynamodb:Scan");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbActiveOperations(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<String> running(Instant now) {
        Instant freshAfter = now.minus(STALE_AFTER);
        List<String> running = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)
                        .filterExpression("#a IN (:drill, :failover) AND #o = :started")
                        .projectionExpression("#k, #s")
                        .expressionAttributeNames(Map.of("#a", "action", "#o", "outcome", "#k", DynamoDbRunLedger.KEY,
                                "#s", "startedAt"))
                        .expressionAttributeValues(Map.of(":drill", AttributeValue.fromS("drill"),
                                ":failover", AttributeValue.fromS("failover"), ":started", AttributeValue.fromS("STARTED"))))
                .items().forEach(item -> {
                    if (Instant.parse(item.get("startedAt").s()).isAfter(freshAfter)) {
                        running.add(item.get(DynamoDbRunLedger.KEY).s());
                    }
                });
        running.sort(null);
        return running;
    }

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }
}
