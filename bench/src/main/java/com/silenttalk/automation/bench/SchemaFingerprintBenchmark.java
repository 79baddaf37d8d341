package com.silenttalk.automation.bench;

import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.ObjectInventoryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue #13's wide-table case: how long the schema fingerprint and the whole object inventory
 * take on the corpus's 1600-column table whose columns all have defaults, next to what the
 * pre-inventory fingerprint cost (pg_get_expr with the table as context, per column default).
 * One throwaway cluster, a warm-up read, then the median of {@code rounds} reads of each.
 */
public final class SchemaFingerprintBenchmark {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    /**
     * The queries of the fingerprint before object inventories (CatalogInspector.schemaFingerprint at
     * b594249^), as they were: the columns query's pg_get_expr(adbin, adrelid) is the slow part.
     */
    static final List<String> BEFORE = List.of(
            "SELECT 'column ' || format('%I.%I', n.nspname, r.relname) || ' ' || r.relkind::text || ' '"
                    + " || a.attnum || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                    + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                    + " || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')"
                    + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                    + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r','p','v','m','f') AND " + USER_SCHEMAS,
            "SELECT 'constraint ' || format('%I.%I', n.nspname, r.relname) || ' ' || quote_ident(co.conname)"
                    + " || ' ' || pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class r ON r.oid = co.conrelid"
                    + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER_SCHEMAS,
            "SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER_SCHEMAS,
            "SELECT 'view ' || format('%I.%I', n.nspname, r.relname) || ' ' || pg_get_viewdef(r.oid)"
                    + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('v','m') AND " + USER_SCHEMAS,
            "SELECT 'sequence ' || format('%I.%I', n.nspname, r.relname) FROM pg_class r"
                    + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'S' AND " + USER_SCHEMAS);

    private SchemaFingerprintBenchmark() {
    }

    /** Arguments: rounds, the corpus's wide.sql, BENCHMARKS.md. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String wide = Files.readString(Path.of(args[1]));
        Path out = Path.of(args[2]);
        String loadBefore = loadAverage();
        PgBinaries bin = PgBinaries.locate(System.getenv());
        Path clusters = ThrowawayCluster.defaultRoot().resolveSibling("bench-clusters");
        List<Duration> schema = new ArrayList<>();
        List<Duration> inventory = new ArrayList<>();
        List<Duration> before = new ArrayList<>();
        try (ThrowawayCluster cluster = ThrowawayCluster.create(bin, clusters, "bench-fingerprint-" + ProcessHandle.current().pid())) {
            cluster.createDatabase("wide");
            PgEndpoint endpoint = cluster.endpoint("wide");
            try (Connection c = endpoint.connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute(wide);
                }
                ObjectInventoryReader.read(c); // warm-up: the catalog caches and the JIT
                for (int i = 0; i < rounds; i++) {
                    schema.add(time(() -> ObjectInventoryReader.schema(c)));
                    inventory.add(time(() -> ObjectInventoryReader.read(c)));
                    before.add(time(() -> drainAll(c, BEFORE)));
                }
            }
        }
        String section = "## Schema fingerprint of a 1600-column table (issue #13)\n\n"
                + "`bench/run-fingerprint-benchmark.sh " + rounds + "` on " + BenchmarksFile.machine() + ": the corpus's"
                + " `public.wide` (1600 columns, every one with a default) in a throwaway PostgreSQL 15; median of " + rounds
                + " reads after a warm-up, per side (the snapshot and the restore each read it once); 1-minute load average "
                + loadBefore + " at the start, " + loadAverage() + " at the end (the machine is shared).\n\n"
                + "| read | median ms |\n|---|---:|\n"
                + "| schema lines (`ObjectInventoryReader.schema`: relations, columns, constraints, indexes, sequences) | "
                + ms(median(schema)) + " |\n"
                + "| whole object inventory (every kind, `ObjectInventoryReader.read`) | " + ms(median(inventory)) + " |\n"
                + "| before: the old fingerprint's five queries (columns with `pg_get_expr(adbin, adrelid)` per default, constraints, indexes, views, sequences) | "
                + ms(median(before)) + " |\n";
        BenchmarksFile.replaceSection(out, "schema-fingerprint", section);
        System.out.println(section);
    }

    @FunctionalInterface
    interface Read {
        Object run() throws SQLException;
    }

    private static Duration time(Read read) throws SQLException {
        long start = System.nanoTime();
        read.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static int drainAll(Connection c, List<String> queries) throws SQLException {
        int rows = 0;
        for (String sql : queries) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows++;
                }
            }
        }
        return rows;
    }

    private static String loadAverage() throws IOException {
        Path proc = Path.of("/proc/loadavg");
        return Files.isReadable(proc) ? Files.readString(proc).split(" ")[0] : "unknown";
    }

    private static Duration median(List<Duration> durations) {
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static String ms(Duration d) {
        return String.format("%.0f", d.toNanos() / 1e6);
    }
}
