package com.silenttalk.automation.aws.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(Dynalite.class)
class DynamoDbRunLedgerTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:05Z");

    AwsClients clients;
    DynamoDbClient dynamo;
    String table;
    DynamoDbRunLedger ledger;

    @BeforeEach
    void createTable(LocalProcessServer dynalite) {
        clients = TestAws.clients(dynalite.endpoint());
        dynamo = clients.dynamoDb(TestAws.PRIMARY);
        table = "ledger-" + UUID.randomUUID();
        DynamoDbLedgerTable.create(dynamo, table);
        ledger = new DynamoDbRunLedger(dynamo, table, Duration.ofDays(400));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void claim_whenKeyIsNew_createsTheRecordWithATtl() {
        RunKey key = new RunKey("snapshot/orders/20260301t0600z");

        assertThat(ledger.claim(AuditRecord.started(key, "snapshot", NOW))).isTrue();

        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("runKey", AttributeValue.fromS(key.value())))).item();
        assertThat(item.get("outcome").s()).isEqualTo("STARTED");
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(NOW.plus(Duration.ofDays(400)).getEpochSecond());
    }

    @Test
    void claim_whenKeyExists_returnsFalseAndChangesNothing() {
        RunKey key = new RunKey("copy/eu-west-1/st-auto-orders-20260301t0600z/eu-central-1");
        ledger.claim(AuditRecord.started(key, "copy", NOW));
        ledger.update(AuditRecord.started(key, "copy", NOW).finish(Outcome.SUCCEEDED, NOW.plusSeconds(9), Map.of("target", "eu-central-1")));

        assertThat(ledger.claim(AuditRecord.started(key, "copy", NOW.plusSeconds(60)))).isFalse();

        AuditRecord kept = ledger.find(key).orElseThrow();
        assertThat(kept.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(kept.details()).containsEntry("target", "eu-central-1");
        assertThat(kept.updatedAt()).isEqualTo(NOW.plusSeconds(9));
    }

    @Test
    void claim_whenFiftyDeliveriesRaceForOneKey_exactlyOneWins() throws Exception {
        RunKey key = new RunKey("event/" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                racers.add(() -> ledger.claim(AuditRecord.started(key, "snapshot", NOW)));
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                if (f.get()) {
                    winners++;
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void find_whenKeyIsUnknown_isEmpty() {
        assertThat(ledger.find(new RunKey("never-claimed"))).isEmpty();
    }
}
