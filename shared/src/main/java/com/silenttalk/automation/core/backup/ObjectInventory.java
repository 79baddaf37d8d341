package com.silenttalk.automation.core.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import com.silenttalk.automation.core.UntrustedText;

/**
 * What a restore must bring back, object by object: per kind (named as the drill check that
 * compares it), each object's name and a value that changes when the object does. Values hold
 * no physical detail (OIDs, column numbers or order, tablespaces, owners), so a faithful
 * restore has the same inventory as its source, and a mismatch names the objects that differ.
 *
 * <p>A kind that is present but empty was measured and found nothing (a database without
 * large objects); an absent kind was not measured (a manifest older than the kind).
 *
 * <p>Values, per kind:
 * <ul>
 *   <li>{@link #SCHEMA}: "table s.t", "partitioned table s.t", "foreign table s.t", "sequence s.q" → a digest of the
 *       definition (columns in name order, types, defaults, identity and generated expressions, constraints,
 *       indexes, parents, partition key and bound; sequence options)</li>
 *   <li>{@link #SEQUENCES}: "s.q" → {@link SequencePosition} ("42 by 1", "100 by -1, not called")</li>
 *   <li>{@link #LARGE_OBJECTS}: OID → "md5 &lt;hex&gt;, N bytes"</li>
 *   <li>{@link #FUNCTIONS}: "s.f(argument types)" → a digest of the whole definition (body, language, options)</li>
 *   <li>{@link #TYPES}: "enum s.t" → labels in order; "domain", "composite", "range" → their definition</li>
 *   <li>{@link #TRIGGERS}: "t on s.table" → a digest of the definition and whether it is enabled</li>
 *   <li>{@link #POLICIES}: "p on s.table" → a digest (command, permissive, roles, expressions);
 *       "row security on s.table" → "enabled" / "enabled, forced" / "forced"</li>
 *   <li>{@link #EXTENSIONS}: name → version</li>
 *   <li>{@link #VIEWS}: "s.v" → a digest of the definition and options</li>
 *   <li>{@link #MATERIALIZED_VIEWS}: "s.m" → "definition &lt;digest&gt;, rows N" or "definition &lt;digest&gt;, not populated"</li>
 *   <li>{@link #PARTITIONS}: a partitioned table → "partitioned table"; a partition → "partition of s.parent"
 *       (the row counts come from the manifest's {@code rowCounts}, which count every partition)</li>
 * </ul>
 */
public record ObjectInventory(Map<String, Map<String, String>> kinds) {
    public static final String SCHEMA = "schema-fingerprint";
    public static final String SEQUENCES = "sequences";
    public static final String LARGE_OBJECTS = "large-objects";
    public static final String FUNCTIONS = "functions";
    public static final String TYPES = "types";
    public static final String TRIGGERS = "triggers";
    public static final String POLICIES = "policies";
    public static final String EXTENSIONS = "extensions";
    public static final String VIEWS = "views";
    public static final String MATERIALIZED_VIEWS = "materialized-views";
    public static final String PARTITIONS = "partitions";
    /** Every kind a full measurement has, in the order a report lists their checks. */
    public static final List<String> ALL_KINDS = List.of(SCHEMA, SEQUENCES, LARGE_OBJECTS, FUNCTIONS, TYPES, TRIGGERS,
            POLICIES, EXTENSIONS, VIEWS, MATERIALIZED_VIEWS, PARTITIONS);
    /** Measured nothing: a manifest from before object inventories. */
    public static final ObjectInventory NONE = new ObjectInventory(Map.of());

    public ObjectInventory {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        if (kinds != null) {
            kinds.forEach((kind, objects) -> {
                if (!ALL_KINDS.contains(kind)) {
                    throw new IllegalArgumentException("unknown object kind " + UntrustedText.quoted(kind) + "; known: " + ALL_KINDS);
                }
                Objects.requireNonNull(objects, kind);
                Map<String, String> sorted = new TreeMap<>();
                objects.forEach((name, value) -> {
                    if (name == null || name.isBlank() || value == null) {
                        throw new IllegalArgumentException(kind + ": object names must not be blank and values not null");
                    }
                    sorted.put(name, value);
                });
                copy.put(kind, Collections.unmodifiableMap(sorted));
            });
        }
        kinds = Collections.unmodifiableMap(copy);
    }

    public boolean measured(String kind) {
        return kinds.containsKey(kind);
    }

    /** The objects of one kind, by name (sorted); empty when the kind was not measured or holds nothing. */
    public Map<String, String> objects(String kind) {
        return kinds.getOrDefault(kind, Map.of());
    }

    /** SHA-256 (hex) over the kind's "name value" lines in name order: the one-line summary of a kind. */
    public String digest(String kind) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> object : objects(kind).entrySet()) {
                sha.update((object.getKey() + " " + object.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
