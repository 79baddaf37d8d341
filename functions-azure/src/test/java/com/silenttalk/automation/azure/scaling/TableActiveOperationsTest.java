package com.silenttalk.automation.azure.scaling;

import com.azure.data.tables.TableClient;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import com.silenttalk.automation.core.scaling.ActiveOperationsContract;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The active-operations contract on azurite's Table service, the records written by TableRunLedger. */
@ExtendWith(Azurite.class)
class TableActiveOperationsTest extends ActiveOperationsContract {
    TableRunLedger ledger;
    TableActiveOperations operations;

    @BeforeEach
    void table(Azurite.Accounts accounts) {
        String name = "ledger" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TableClient table = TestAzure.clients().table(accounts.primary(), name);
        table.createTable();
        ledger = new TableRunLedger(table);
        operations = new TableActiveOperations(TestAzure.clients().table(accounts.primary(), name));
    }

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected ActiveOperations operations() {
        return operations;
    }
}
