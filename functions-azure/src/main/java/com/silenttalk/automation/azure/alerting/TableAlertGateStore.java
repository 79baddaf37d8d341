package com.silenttalk.automation.azure.alerting;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.GateKeyState;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The alert gate's per-key state on Table storage, so every Functions instance judges an alert
 * with what the others decided: one entity per dedupe key (partition {@value #PARTITION}, row key
 * the dedupe key), holding the state as JSON ({@link AlertJson#gateState}), a version, and
 * {@code dueAt} (a typed DateTime, so the sweep's query is a server-side range filter; far in
 * the future when nothing is due).
 *
 * <p>Writes are conditional: the first is an Insert Entity, which the service refuses with 409
 * when another instance inserted first; later ones re-read the entity, check its version and
 * replace it with {@code If-Match} on the ETag read, which the service refuses with 412 when
 * another instance wrote in between. Either refusal makes {@link #save} return false, and
 * {@code StoredAlertGate} judges again. Table storage has no TTL: the table holds one small entity
 * per alert rule and resource, which is bounded by the platform's alert set.
 */
public final class TableAlertGateStore implements AlertGateStore {
    static final String PARTITION = "gate";
    static final OffsetDateTime NOTHING_DUE = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    private final TableClient table;

    public TableAlertGateStore(TableClient table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<Versioned> load(DedupeKey key) {
        return find(key).map(e -> new Versioned(AlertJson.readGateState("gate state of " + key.value(),
                (String) e.getProperty("state")), ((Number) e.getProperty("version")).longValue()));
    }

    @Override
    public boolean save(DedupeKey key, GateKeyState state, long expectedVersion, Instant now) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("state", AlertJson.gateState(state));
        properties.put("version", expectedVersion + 1);
        properties.put("updatedAt", now.toString());
        properties.put("dueAt", state.dueAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(NOTHING_DUE));
        if (expectedVersion == 0) {
            try {
                table.createEntity(new TableEntity(PARTITION, key.value()).setProperties(properties));
                return true;
            } catch (TableServiceException e) {
                if (status(e) == 409) {
                    return false;
                }
                throw e;
            }
        }
        Optional<TableEntity> stored = find(key);
        if (stored.isEmpty() || ((Number) stored.get().getProperty("version")).longValue() != expectedVersion) {
            return false;
        }
        // The entity read carries its ETag among its properties (setProperties would clear it): the
        // replace is sent with If-Match on that ETag.
        TableEntity update = stored.get();
        properties.forEach(update::addProperty);
        try {
            table.updateEntityWithResponse(update, TableEntityUpdateMode.REPLACE, true, null, null);
            return true;
        } catch (TableServiceException e) {
            if (status(e) == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<DedupeKey> dueBy(Instant now) {
        String filter = "PartitionKey eq " + UntrustedText.quoted(PARTITION) + " and dueAt le datetime" + UntrustedText.quoted(now);
        List<DedupeKey> due = new ArrayList<>();
        for (TableEntity e : table.listEntities(new ListEntitiesOptions().setFilter(filter).setSelect(List.of("RowKey")), null, null)) {
            due.add(new DedupeKey(e.getRowKey()));
        }
        return due;
    }

    private Optional<TableEntity> find(DedupeKey key) {
        try {
            return Optional.of(table.getEntity(PARTITION, key.value()));
        } catch (TableServiceException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static int status(TableServiceException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
                "Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action",
                "Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action");
    }
}
