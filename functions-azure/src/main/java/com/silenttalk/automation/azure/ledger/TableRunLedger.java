package com.silenttalk.automation.azure.ledger;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run ledger on Azure Table storage. {@link #claim} is an Insert Entity, which the
 * service refuses with 409 EntityAlreadyExists when the key is taken: of any number of
 * deliveries exactly one wins. Keys may hold '/', which table keys may not, so the row key
 * is the run key in hex; the partition is the action (the key's first segment). A row key holds
 * at most 1 KiB, so a key longer than 512 bytes in UTF-8 (a RunKey may have 512 characters of any
 * text) is named by its SHA-256 instead; the entity keeps the key itself either way.
 */
public final class TableRunLedger implements RunLedger {
    static final String DETAIL_PREFIX = "d_";

    private final TableClient table;

    public TableRunLedger(TableClient table) {
        this.table = table;
    }

    @Override
    public boolean claim(AuditRecord started) {
        try {
            table.createEntity(toEntity(started));
            return true;
        } catch (TableServiceException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** An Update Entity (If-Match: *), which the service refuses with 404 for a run that was never claimed. */
    @Override
    public void update(AuditRecord record) {
        try {
            table.updateEntityWithResponse(toEntity(record), TableEntityUpdateMode.REPLACE, false, null, null);
        } catch (TableServiceException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                throw new IllegalStateException("run " + record.key() + " was never claimed", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<AuditRecord> find(RunKey key) {
        try {
            return Optional.of(fromEntity(table.getEntity(partitionOf(key), rowOf(key))));
        } catch (TableServiceException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One entity as the record it stores; readers that list the table (status) use it too. */
    public static AuditRecord fromEntity(TableEntity e) {
        Map<String, String> details = new TreeMap<>();
        e.getProperties().forEach((name, value) -> {
            if (name.startsWith(DETAIL_PREFIX) && value != null) {
                details.put(decode(name.substring(DETAIL_PREFIX.length())), value.toString());
            }
        });
        return new AuditRecord(new RunKey((String) e.getProperty("runKey")), (String) e.getProperty("action"),
                Outcome.valueOf((String) e.getProperty("outcome")), Instant.parse((String) e.getProperty("startedAt")),
                Instant.parse((String) e.getProperty("updatedAt")), details);
    }

    private static TableEntity toEntity(AuditRecord record) {
        TableEntity entity = new TableEntity(partitionOf(record.key()), rowOf(record.key()))
                .addProperty("runKey", record.key().value())
                .addProperty("action", record.action())
                .addProperty("outcome", record.outcome().name())
                .addProperty("startedAt", record.startedAt().toString())
                .addProperty("updatedAt", record.updatedAt().toString());
        // property names must be identifiers: detail keys ("step.restore.millis") are encoded
        record.details().forEach((k, v) -> entity.addProperty(DETAIL_PREFIX + encode(k), v));
        return entity;
    }

    static String partitionOf(RunKey key) {
        String first = key.value().split("/", 2)[0];
        return first.replaceAll("[^A-Za-z0-9-]", "_");
    }

    static final int MAX_ROW_KEY = 1024;
    static final String HASHED_ROW_PREFIX = "sha256-";

    /** The key in hex, as every row has been named, or when that is too long its SHA-256 ('-' never appears in hex). */
    static String rowOf(RunKey key) {
        String hex = encode(key.value());
        if (hex.length() <= MAX_ROW_KEY) {
            return hex;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.value().getBytes(StandardCharsets.UTF_8));
            return HASHED_ROW_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Hex: valid in row keys and in property names (after a letter prefix), and reversible. */
    private static String encode(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String encoded) {
        return new String(HexFormat.of().parseHex(encoded), StandardCharsets.UTF_8);
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
                "Microsoft.Storage/storageAccounts/tableServices/tables/entities/write",
                "Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action",
                "Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action");
    }
}
