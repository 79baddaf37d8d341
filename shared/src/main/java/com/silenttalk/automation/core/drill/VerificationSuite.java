package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares what was measured on the restore with what the manifest recorded at snapshot time. */
public final class VerificationSuite {
    public static final String TLS = "tls";
    public static final String SCHEMA = "schema-fingerprint";
    public static final String ROW_COUNTS = "row-counts";
    public static final String FRESHNESS = "freshness";
    public static final String PROBE_PREFIX = "probe:";

    private VerificationSuite() {
    }

    public static List<CheckResult> evaluate(DrillRequest request, SnapshotManifest manifest, DatabaseFacts facts,
                                             Instant drillTime) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(tls(request, facts));
        checks.add(schema(manifest, facts));
        checks.add(rowCounts(manifest, facts));
        checks.add(freshness(request, manifest, drillTime));
        for (SqlProbe probe : request.probes()) {
            String actual = facts.probeResults().getOrDefault(probe.name(), "<not run>");
            String name = PROBE_PREFIX + probe.name();
            checks.add(probe.expect().equals(actual)
                    ? CheckResult.pass(name, "returned " + actual)
                    : CheckResult.fail(name, "expected " + probe.expect() + ", got " + actual));
        }
        return checks;
    }

    static CheckResult tls(DrillRequest request, DatabaseFacts facts) {
        if (facts.tlsUsed()) {
            return CheckResult.pass(TLS, "connected over " + facts.tlsProtocol());
        }
        if (facts.tlsOffered()) {
            return CheckResult.fail(TLS, "the server offers TLS but the connection was not encrypted");
        }
        if (request.requireTls()) {
            return CheckResult.fail(TLS, "TLS is required but the server offers none");
        }
        return CheckResult.pass(TLS, "the server offers no TLS; connected without it (requireTls is off)");
    }

    static CheckResult schema(SnapshotManifest manifest, DatabaseFacts facts) {
        return manifest.schemaFingerprint().equals(facts.schemaFingerprint())
                ? CheckResult.pass(SCHEMA, "matches " + abbreviate(manifest.schemaFingerprint()))
                : CheckResult.fail(SCHEMA, "restored " + abbreviate(facts.schemaFingerprint())
                        + " differs from snapshot " + abbreviate(manifest.schemaFingerprint()));
    }

    static CheckResult rowCounts(SnapshotManifest manifest, DatabaseFacts facts) {
        Map<String, Long> expected = manifest.rowCounts();
        Map<String, Long> actual = facts.rowCounts();
        List<String> mismatches = new ArrayList<>();
        for (String table : new TreeSet<>(union(expected, actual))) {
            Long want = expected.get(table);
            Long got = actual.get(table);
            if (want == null) {
                mismatches.add(table + ": restored " + got + " rows, absent from snapshot");
            } else if (got == null) {
                mismatches.add(table + ": missing from restore, snapshot had " + want + " rows");
            } else if (!want.equals(got)) {
                mismatches.add(table + ": restored " + got + " rows, snapshot had " + want);
            }
        }
        if (mismatches.isEmpty()) {
            return CheckResult.pass(ROW_COUNTS, expected.size() + " tables, " + manifest.totalRows() + " rows, all exact");
        }
        return CheckResult.fail(ROW_COUNTS, String.join("; ", mismatches));
    }

    static CheckResult freshness(DrillRequest request, SnapshotManifest manifest, Instant drillTime) {
        Duration rpo = rpo(manifest, drillTime);
        Duration target = request.targets().rpo();
        String detail = "RPO " + rpo + " (drill time minus consistent point " + manifest.consistentPoint()
                + "), target " + target;
        return rpo.compareTo(target) <= 0 ? CheckResult.pass(FRESHNESS, detail) : CheckResult.fail(FRESHNESS, detail);
    }

    public static Duration rpo(SnapshotManifest manifest, Instant drillTime) {
        Duration rpo = Duration.between(manifest.consistentPoint(), drillTime);
        return rpo.isNegative() ? Duration.ZERO : rpo;
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
    }
}
