package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SequencePosition;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a restore's {@link ObjectInventory} with its snapshot's: one named check per kind the
 * manifest measured, each naming up to {@link #NAMED_AT_MOST} objects that differ. Definitions must
 * match exactly. Amounts (large objects, partition rows) must match exactly too, unless the manifest
 * was measured before a storage-level snapshot ({@link CountTolerance}): then they may drift within
 * it. A sequence may be found beyond its snapshot position, never behind. A logical restore
 * recomputes each populated materialized view from the restored data, so a view that was stale at
 * the snapshot legitimately comes back with other rows: there its definition (indexes included)
 * and whether it is populated must match, and the rows are shown; a storage-level restore brings
 * the stored rows back, which must then match within the tolerance.
 */
final class ObjectChecks {
    static final int NAMED_AT_MOST = 20;
    private static final int SHOWN_VALUE_LENGTH = 60;
    private static final Pattern MATERIALIZED = Pattern.compile("(definition \\S+), (?:rows (\\d+)|not populated)");

    private ObjectChecks() {
    }

    static List<CheckResult> evaluate(SnapshotManifest manifest, DatabaseFacts facts) {
        ObjectInventory snapshot = manifest.objects();
        ObjectInventory restored = facts.objects();
        List<CheckResult> checks = new ArrayList<>();
        for (String kind : ObjectInventory.ALL_KINDS) {
            if (kind.equals(ObjectInventory.SCHEMA) || !snapshot.measured(kind)) {
                continue;
            }
            if (!restored.measured(kind)) {
                checks.add(CheckResult.fail(kind, "the snapshot lists " + snapshot.objects(kind).size()
                        + " objects but the restore was not inspected for them"));
                continue;
            }
            checks.add(switch (kind) {
                case ObjectInventory.SEQUENCES -> sequences(snapshot.objects(kind), restored.objects(kind));
                case ObjectInventory.LARGE_OBJECTS -> largeObjects(snapshot.objects(kind), restored.objects(kind),
                        manifest.countTolerance());
                case ObjectInventory.MATERIALIZED_VIEWS -> materializedViews(snapshot.objects(kind), restored.objects(kind),
                        manifest.marker() == null, manifest.countTolerance());
                case ObjectInventory.PARTITIONS -> partitions(manifest, facts);
                default -> exact(kind, snapshot.objects(kind), restored.objects(kind));
            });
        }
        return checks;
    }

    /** The schema check when both sides list their objects: names what differs. */
    static CheckResult schema(Map<String, String> snapshot, Map<String, String> restored) {
        return exact(ObjectInventory.SCHEMA, snapshot, restored);
    }

    /** Tables that are partitions or partitioned: the partitions check counts them, the row-counts check does not. */
    static Set<String> partitionTables(SnapshotManifest manifest, DatabaseFacts facts) {
        Set<String> names = new TreeSet<>(manifest.objects().objects(ObjectInventory.PARTITIONS).keySet());
        names.addAll(facts.objects().objects(ObjectInventory.PARTITIONS).keySet());
        return names;
    }

    static CheckResult exact(String kind, Map<String, String> snapshot, Map<String, String> restored) {
        return outcome(kind, snapshot.size(), differences(snapshot, restored), "all as in the snapshot");
    }

    private static List<String> differences(Map<String, String> snapshot, Map<String, String> restored) {
        List<String> differences = new ArrayList<>();
        for (String name : union(snapshot, restored)) {
            String want = snapshot.get(name);
            String got = restored.get(name);
            if (want != null && !want.equals(got)) {
                differences.add(got == null ? name + ": missing from the restore" : name + ": changed" + values(want, got));
            } else if (want == null) {
                differences.add(name + ": in the restore but not in the snapshot");
            }
        }
        return differences;
    }

    static CheckResult sequences(Map<String, String> snapshot, Map<String, String> restored) {
        List<String> differences = new ArrayList<>();
        int advanced = 0;
        for (String name : union(snapshot, restored)) {
            String want = snapshot.get(name);
            String got = restored.get(name);
            if (got == null) {
                differences.add(name + ": missing from the restore");
            } else if (want == null) {
                differences.add(name + ": in the restore but not in the snapshot");
            } else if (!SequencePosition.parse(got).atOrBeyond(SequencePosition.parse(want))) {
                differences.add(name + ": behind its snapshot position (snapshot " + want + ", restored " + got
                        + "): it would hand out values the data already holds");
            } else if (!want.equals(got)) {
                advanced++;
            }
        }
        return outcome(ObjectInventory.SEQUENCES, snapshot.size(), differences, advanced == 0 ? "all at their snapshot positions"
                : "all at or beyond their snapshot positions (" + advanced + " moved on by writes while the snapshot was taken)");
    }

    static CheckResult largeObjects(Map<String, String> snapshot, Map<String, String> restored, CountTolerance tolerance) {
        CheckResult exact = exact(ObjectInventory.LARGE_OBJECTS, snapshot, restored);
        if (exact.passed() || tolerance == null) {
            return exact;
        }
        // measured just before a storage-level snapshot: objects written in between are legitimately different
        long want = snapshot.size();
        long got = restored.size();
        String counts = "restored " + got + " large objects, the snapshot had " + want + " (allowed drift "
                + tolerance.allowedDrift(want) + ")";
        return tolerance.accepts(want, got)
                ? CheckResult.pass(ObjectInventory.LARGE_OBJECTS, counts + "; contents written since the census differ: " + exact.detail())
                : CheckResult.fail(ObjectInventory.LARGE_OBJECTS, counts + "; " + exact.detail());
    }

    /**
     * @param recomputed whether the restore recomputed the views (a logical restore) rather than bringing their stored rows back
     * @param tolerance  the drift allowed in stored rows; null: none
     */
    static CheckResult materializedViews(Map<String, String> snapshot, Map<String, String> restored, boolean recomputed,
                                         CountTolerance tolerance) {
        List<String> differences = new ArrayList<>();
        List<String> rowsNow = new ArrayList<>();
        for (String name : union(snapshot, restored)) {
            String want = snapshot.get(name);
            String got = restored.get(name);
            if (want == null || got == null) {
                differences.add(name + (got == null ? ": missing from the restore" : ": in the restore but not in the snapshot"));
                continue;
            }
            Matcher w = MATERIALIZED.matcher(want);
            Matcher g = MATERIALIZED.matcher(got);
            boolean sameShape = w.matches() && g.matches() && w.group(1).equals(g.group(1))
                    && (w.group(2) == null) == (g.group(2) == null);
            if (!sameShape) {
                differences.add(name + ": changed" + values(want, got));
            } else if (w.group(2) != null && !w.group(2).equals(g.group(2))) {
                long stored = Long.parseLong(w.group(2));
                long now = Long.parseLong(g.group(2));
                if (recomputed) {
                    rowsNow.add(name + " " + now + " rows (" + stored + " when snapshotted)");
                } else if (tolerance == null || !tolerance.accepts(stored, now)) {
                    differences.add(name + ": restored " + now + " rows, snapshot had " + stored
                            + (tolerance == null ? "" : " (allowed drift " + tolerance.allowedDrift(stored) + ")"));
                }
            }
        }
        String rows = recomputed ? (rowsNow.isEmpty() ? "rows as when snapshotted"
                : "recomputed by the restore from the restored data: " + String.join(", ", rowsNow))
                : tolerance == null ? "rows exact" : "rows within " + tolerance.describe();
        return outcome(ObjectInventory.MATERIALIZED_VIEWS, snapshot.size(), differences,
                "definitions, indexes and populated state as in the snapshot, " + rows);
    }

    static CheckResult partitions(SnapshotManifest manifest, DatabaseFacts facts) {
        Map<String, String> snapshot = manifest.objects().objects(ObjectInventory.PARTITIONS);
        Map<String, String> restored = facts.objects().objects(ObjectInventory.PARTITIONS);
        List<String> differences = differences(snapshot, restored);
        Map<String, Long> want = partitionRows(snapshot, manifest.rowCounts());
        Map<String, Long> got = partitionRows(restored, facts.rowCounts());
        CountTolerance tolerance = manifest.countTolerance();
        List<String> roots = new ArrayList<>();
        for (Map.Entry<String, Long> table : want.entrySet()) {
            Long restoredRows = got.get(table.getKey());
            long snapshotRows = table.getValue();
            if (restoredRows == null) {
                continue; // named by the membership difference
            }
            boolean same = tolerance == null ? restoredRows == snapshotRows : tolerance.accepts(snapshotRows, restoredRows);
            if (!same) {
                differences.add(table.getKey() + ": restored " + restoredRows + " rows, snapshot had " + snapshotRows
                        + (tolerance == null ? "" : " (allowed drift " + tolerance.allowedDrift(snapshotRows) + ")"));
            }
            if ("partitioned table".equals(snapshot.get(table.getKey()))) {
                roots.add(table.getKey() + " " + snapshotRows + " rows in " + leaves(snapshot, table.getKey()) + " partitions");
            }
        }
        String how = tolerance == null ? "exact" : "within " + tolerance.describe();
        return outcome(ObjectInventory.PARTITIONS, snapshot.size(), differences,
                (roots.isEmpty() ? "no partitioned tables" : String.join(", ", roots)) + "; every partition's and parent's count " + how);
    }

    /** Rows per partition (its count) and per partitioned table (the sum over its partitions, at any depth). */
    static Map<String, Long> partitionRows(Map<String, String> partitions, Map<String, Long> rowCounts) {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : partitions.keySet()) {
            rows.put(table, rowsUnder(table, partitions, rowCounts));
        }
        return rows;
    }

    private static long rowsUnder(String table, Map<String, String> partitions, Map<String, Long> rowCounts) {
        long rows = rowCounts.getOrDefault(table, 0L);
        String parentValue = "partition of " + table;
        for (Map.Entry<String, String> child : partitions.entrySet()) {
            if (child.getValue().equals(parentValue)) {
                rows += rowsUnder(child.getKey(), partitions, rowCounts);
            }
        }
        return rows;
    }

    private static int leaves(Map<String, String> partitions, String table) {
        int leaves = 0;
        for (Map.Entry<String, String> child : partitions.entrySet()) {
            if (child.getValue().equals("partition of " + table)) {
                leaves += partitions.containsValue("partition of " + child.getKey()) ? leaves(partitions, child.getKey()) : 1;
            }
        }
        return leaves;
    }

    private static CheckResult outcome(String kind, int objects, List<String> differences, String passDetail) {
        if (differences.isEmpty()) {
            return CheckResult.pass(kind, objects + " objects, " + passDetail);
        }
        List<String> named = differences.subList(0, Math.min(NAMED_AT_MOST, differences.size()));
        String more = differences.size() > NAMED_AT_MOST ? "; and " + (differences.size() - NAMED_AT_MOST) + " more" : "";
        return CheckResult.fail(kind, differences.size() + " of " + objects + " objects differ: " + String.join("; ", named) + more);
    }

    private static String values(String want, String got) {
        return want.length() + got.length() <= 2 * SHOWN_VALUE_LENGTH ? " (snapshot " + want + ", restored " + got + ")" : "";
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
