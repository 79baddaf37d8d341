package com.silenttalk.automation.aws.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.ledger.DynamoDbLedgerTable;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import com.silenttalk.automation.core.scaling.ActiveOperationsContract;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The active-operations contract on the ledger table of a real DynamoDB API (dynalite), written by DynamoDbRunLedger. */
@ExtendWith(Dynalite.class)
class DynamoDbActiveOperationsTest extends ActiveOperationsContract {
    AwsClients clients;
    String table;
    DynamoDbRunLedger ledger;
    DynamoDbActiveOperations operations;

    @BeforeEach
    void createTable(LocalProcessServer dynalite) {
        clients = TestAws.clients(dynalite.endpoint());
        table = "ledger-" + UUID.randomUUID();
        DynamoDbLedgerTable.create(clients.dynamoDb(TestAws.PRIMARY), table);
        ledger = new DynamoDbRunLedger(clients.dynamoDb(TestAws.PRIMARY), table, Duration.ofDays(400));
        operations = new DynamoDbActiveOperations(clients.dynamoDb(TestAws.PRIMARY), table);
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected ActiveOperations operations() {
        return operations;
    }

    @Test
    void running_whenTheRunsTakeMoreThanOneScanPage_readsEveryPage() {
        // a Scan page stops at 1 MB read: four drills of ~300 KB each take two pages
        String padding = "p".repeat(300_000);
        for (int i = 0; i < 4; i++) {
            ledger.claim(new AuditRecord(new RunKey("drill/run-" + i), "drill", Outcome.STARTED, NOW, NOW, Map.of("pad", padding)));
        }

        assertThat(clients.dynamoDb(TestAws.PRIMARY).scan(r -> r.tableName(table)).lastEvaluatedKey()).isNotEmpty();
        assertThat(operations.running(NOW.plusSeconds(1))).containsExactly("drill/run-0", "drill/run-1", "drill/run-2", "drill/run-3");
    }
}
