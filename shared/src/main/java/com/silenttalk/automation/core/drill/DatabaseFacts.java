package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.ObjectInventory;
import java.util.Map;
import java.util.Objects;

/**
 * What an inspector measured on a database.
 *
 * @param tlsOffered whether the server accepts TLS connections
 * @param tlsProtocol the negotiated protocol, or "none"
 * @param probeResults the first column of the first row each probe returned, as text ("<null>", "<no rows>", or "error: ...")
 * @param objects      the restore's object inventory ({@link ObjectInventory#NONE} when the inspector measures none)
 */
public record DatabaseFacts(boolean tlsOffered, boolean tlsUsed, String tlsProtocol, String schemaFingerprint,
                            Map<String, Long> rowCounts, Map<String, String> probeResults, ObjectInventory objects) {
    public DatabaseFacts {
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        rowCounts = Map.copyOf(rowCounts);
        probeResults = Map.copyOf(probeResults);
        objects = objects == null ? ObjectInventory.NONE : objects;
    }

    /** Facts without an object inventory. */
    public DatabaseFacts(boolean tlsOffered, boolean tlsUsed, String tlsProtocol, String schemaFingerprint,
                         Map<String, Long> rowCounts, Map<String, String> probeResults) {
        this(tlsOffered, tlsUsed, tlsProtocol, schemaFingerprint, rowCounts, probeResults, ObjectInventory.NONE);
    }
}
