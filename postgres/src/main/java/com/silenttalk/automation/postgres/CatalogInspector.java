package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.ObjectInventory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the catalog of one connection's database, inside whatever transaction snapshot the
 * connection is in: at snapshot time that is the exported snapshot pg_dump also reads.
 * What a restore must reproduce object by object is {@link ObjectInventoryReader}'s.
 */
public final class CatalogInspector {
    /** The schemas a dump or a fingerprint covers: everything but the system's. */
    static final String USER_SCHEMAS =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private CatalogInspector() {
    }

    /** Ordinary tables (and partitions), largest first so that parallel counting balances. */
    public static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, r.relname) FROM pg_class r"
                     + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'r' AND " + USER_SCHEMAS
                     + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = r.oid AND d.deptype = 'e')"
                     + " ORDER BY r.relpages DESC, 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** Exact counts: one sequential scan per table. */
    public static Map<String, Long> countRows(Connection c, List<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** SHA-256 over the schema's object lines ({@link ObjectInventoryReader#schema}): what a manifest's schemaFingerprint holds. */
    public static String schemaFingerprint(Connection c) throws SQLException {
        return new ObjectInventory(Map.of(ObjectInventory.SCHEMA, ObjectInventoryReader.schema(c))).digest(ObjectInventory.SCHEMA);
    }

    /** What a manifest records of a database, read in one snapshot. */
    public record Measurement(String serverVersion, ObjectInventory objects, Map<String, Long> rowCounts) {
        public Measurement {
            rowCounts = Map.copyOf(rowCounts);
        }

        public String schemaFingerprint() {
            return objects.digest(ObjectInventory.SCHEMA);
        }
    }

    /**
     * Measures in the connection's snapshot: the object inventory and exact counts (one scan per table).
     *
     * @param sequences positions read before the dump read them ({@link ObjectInventoryReader#sequences})
     */
    public static Measurement measure(Connection c, Map<String, String> sequences) throws SQLException {
        ObjectInventory objects = ObjectInventoryReader.read(c, sequences);
        return new Measurement(serverVersion(c), objects, countRows(c, tables(c)));
    }

    public static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

}
