package com.silenttalk.automation.azure.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.AlertGateStoreContract;
import com.silenttalk.automation.core.alerting.AlertState;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gate store contract on azurite's Table service, two table clients standing for two Functions instances. */
@ExtendWith(Azurite.class)
class TableAlertGateStoreTest extends AlertGateStoreContract {
    TableClient table;
    TableAlertGateStore storeA;
    TableAlertGateStore storeB;

    @BeforeEach
    void table(Azurite.Accounts accounts) {
        String name = "gate" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        table = TestAzure.clients().table(accounts.primary(), name);
        table.createTable();
        storeA = new TableAlertGateStore(table);
        storeB = new TableAlertGateStore(TestAzure.clients().table(accounts.primary(), name));
    }

    @Override
    protected AlertGateStore store() {
        return storeA;
    }

    @Override
    protected AlertGateStore sameStoreElsewhere() {
        return storeB;
    }

    @Test
    void save_keepsDueAtAsATypedDateTimeForTheServerSideSweepFilter() {
        Alert firing = alert("api-cpu-high", AlertState.FIRING, T0);
        Alert resolved = alert("api-cpu-high", AlertState.RESOLVED, T0.plusSeconds(60));

        storeA.save(firing.dedupeKey(), held(firing, resolved, T0.plusSeconds(360)), 0, T0);
        TableEntity stored = table.getEntity(TableAlertGateStore.PARTITION, firing.dedupeKey().value());

        assertThat(stored.getProperty("dueAt")).isInstanceOf(OffsetDateTime.class);
        assertThat(((OffsetDateTime) stored.getProperty("dueAt")).toInstant()).isEqualTo(T0.plusSeconds(360));
        assertThat(stored.getProperty("version")).isEqualTo(1L);
    }
}
