package com.silenttalk.automation.azure.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableServiceException;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.ledger.RunLedgerContract;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger contract on azurite's Table service, two table clients standing for two Functions instances. */
@ExtendWith(Azurite.class)
class TableRunLedgerTest extends RunLedgerContract {
    TableRunLedger ledger;
    TableRunLedger elsewhere;

    @BeforeEach
    void table(Azurite.Accounts accounts) {
        String name = "ledger" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TableClient table = TestAzure.clients().table(accounts.primary(), name);
        table.createTable();
        ledger = new TableRunLedger(table);
        elsewhere = new TableRunLedger(TestAzure.clients().table(accounts.primary(), name));
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
    void claim_whenTableIsMissing_raisesInsteadOfClaiming(Azurite.Accounts accounts) {
        TableRunLedger missing = new TableRunLedger(TestAzure.clients().table(accounts.primary(), "nosuchtable"));

        assertThatThrownBy(() -> missing.claim(AuditRecord.started(new RunKey("snapshot/orders/20260301t0600z"), "snapshot", T0)))
                .isInstanceOf(TableServiceException.class);
    }

    @Test
    void claim_partitionsByTheKeysFirstSegment() {
        assertThat(TableRunLedger.partitionOf(new RunKey("snapshot/orders/20260301t0600z"))).isEqualTo("snapshot");
        assertThat(TableRunLedger.partitionOf(new RunKey("failover-lease/plan-3"))).isEqualTo("failover-lease");
        assertThat(TableRunLedger.partitionOf(new RunKey("rotation.keyvault/x"))).isEqualTo("rotation_keyvault");
    }

    @Test
    void rowOf_whenTheKeyFitsInHex_isTheHexAsBefore_andALongerKeyIsItsHash() {
        RunKey ascii = new RunKey("r".repeat(512));
        RunKey wide = new RunKey("ключ/".repeat(102));

        assertThat(TableRunLedger.rowOf(new RunKey("drill/run-7"))).isEqualTo("6472696c6c2f72756e2d37");
        assertThat(TableRunLedger.rowOf(ascii)).hasSize(1024).matches("[0-9a-f]+");
        assertThat(TableRunLedger.rowOf(wide)).startsWith("sha256-").hasSize(7 + 64)
                .isNotEqualTo(TableRunLedger.rowOf(new RunKey("ключ/".repeat(101) + "ключ_")));
    }
}
