package com.silenttalk.automation.azure.scaling;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drills and failovers in progress, read from the run ledger on Table storage (the records
 * {@code TableRunLedger} writes): an entity whose {@code action} is drill or failover, whose
 * {@code outcome} is still STARTED, and which started less than {@link #STALE_AFTER} ago.
 * One filtered query per decision.
 */
public final class TableActiveOperations implements ActiveOperations {
    static final String FILTER = "(action eq 'drill' or action eq 'failover') and outcome eq 'STARTED'";

    private final TableClient ledger;

    public TableActiveOperations(TableClient ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public List<String> running(Instant now) {
        Instant freshAfter = now.minus(STALE_AFTER);
        List<String> running = new ArrayList<>();
        for (TableEntity entity : ledger.listEntities(new ListEntitiesOptions().setFilter(FILTER)
                .setSelect(List.of("runKey", "startedAt")), null, null)) {
            Object startedAt = entity.getProperty("startedAt");
            if (startedAt != null && Instant.parse(startedAt.toString()).isAfter(freshAfter)) {
                running.add(String.valueOf(entity.getProperty("runKey")));
            }
        }
        running.sort(null);
        return running;
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/tableServices/tables/entities/read");
    }
}
