package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.RoleDefinition;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.SourceTls;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares what was measured on the restore with what the manifest recorded at snapshot time:
 * TLS, the schema (object by object when the manifest lists its objects), row counts, one check
 * per kind of object a restore can lose ({@link ObjectInventory}), freshness, the marker, probes.
 */
public final class VerificationSuite {
    public static final String TLS = "tls";
    public static final String SCHEMA = "schema-fingerprint";
    public static final String ROW_COUNTS = "row-counts";
    public static final String FRESHNESS = "freshness";
    public static final String MARKER = "snapshot-marker";
    public static final String PROBE_PREFIX = "probe:";
    public static final String SOURCE_IDENTITY = "source-identity";
    public static final String SOURCE_TLS = "source-tls";
    public static final String RESTORE_SCOPE = "restore-scope";

    private VerificationSuite() {
    }

    public static List<CheckResult> evaluate(DrillRequest request, SnapshotManifest manifest, DatabaseFacts facts,
                                             Instant drillTime) {
        List<CheckResult> checks = new ArrayList<>();
        if (manifest.source() != null) {
            checks.add(sourceIdentity(request, manifest.source()));
        }
        if (manifest.sourceTls() != null || request.requireSourceTls()) {
            checks.add(sourceTls(request, manifest.sourceTls()));
        }
        if (manifest.restoreScope() != null) {
            checks.add(restoreScope(manifest.restoreScope()));
        }
        checks.add(tls(request, facts));
        checks.add(schema(manifest, facts));
        checks.add(rowCounts(manifest, facts));
        checks.addAll(ObjectChecks.evaluate(manifest, facts));
        checks.add(freshness(request, manifest, drillTime));
        if (manifest.marker() != null) {
            checks.add(marker(manifest.marker(), facts));
        }
        for (SqlProbe probe : request.probes()) {
            String actual = facts.probeResults().getOrDefault(probe.name(), "<not run>");
            String name = PROBE_PREFIX + probe.name();
            checks.add(probe.expect().equals(actual)
                    ? CheckResult.pass(name, "returned " + actual)
                    : CheckResult.fail(name, "expected " + probe.expect() + ", got " + actual));
        }
        return checks;
    }

    /**
     * The probes the inspector must run: the operator's, plus the marker's presence query when
     * the manifest carries one (so every inspector checks it without knowing about markers).
     */
    public static List<SqlProbe> probesFor(DrillRequest request, SnapshotManifest manifest) {
        if (manifest.marker() == null) {
            return request.probes();
        }
        if (request.probes().stream().anyMatch(p -> p.name().equals(MARKER))) {
            throw new IllegalArgumentException("probe name " + UntrustedText.quoted(MARKER) + " is reserved for the snapshot marker");
        }
        List<SqlProbe> probes = new ArrayList<>(request.probes());
        probes.add(new SqlProbe(MARKER, manifest.marker().presenceQuery(), "1"));
        return probes;
    }

    static CheckResult marker(SnapshotMarker marker, DatabaseFacts facts) {
        String found = facts.probeResults().getOrDefault(MARKER, "<not run>");
        String what = "marker " + marker.id() + " written " + marker.writtenAt();
        if ("1".equals(found)) {
            return CheckResult.pass(MARKER, what + " is in the restore: the snapshot is at or after it");
        }
        if ("0".equals(found)) {
            return CheckResult.fail(MARKER, what + " is missing from the restore: the snapshot predates the manifest");
        }
        return CheckResult.fail(MARKER, what + " could not be looked up in the restore: " + found);
    }

    static CheckResult sourceIdentity(DrillRequest request, SourceIdentity taken) {
        String what = "snapshot of " + taken.describe();
        if (request.source() == null) {
            return CheckResult.pass(SOURCE_IDENTITY, what);
        }
        return taken.differenceFrom(request.source())
                .map(why -> CheckResult.fail(SOURCE_IDENTITY, what + ": " + why + " than " + request.source().describe()))
                .orElseGet(() -> CheckResult.pass(SOURCE_IDENTITY, what));
    }

    /** How the snapshot's rows left the source: the source's TLS, not the throwaway server's (that is {@link #TLS}). */
    public static CheckResult sourceTls(DrillRequest request, SourceTls tls) {
        if (tls == null) {
            return CheckResult.fail(SOURCE_TLS, "the snapshot does not record how it was read from the source, and source TLS is required");
        }
        if (!tls.encrypted() && request.requireSourceTls()) {
            return CheckResult.fail(SOURCE_TLS, "the source connection was " + tls.describe() + "; source.requireTls is on");
        }
        return CheckResult.pass(SOURCE_TLS, tls.encrypted() ? tls.describe()
                : tls.describe() + "; source.requireTls is off");
    }

    static CheckResult restoreScope(RestoreScope scope) {
        List<String> parts = new ArrayList<>();
        if (!scope.roles().isEmpty()) {
            parts.add(scope.roles().size() + " role(s) the dump names created NOLOGIN, without passwords: "
                    + String.join(", ", scope.roles().stream().map(RoleDefinition::name).toList()));
        }
        parts.add(scope.leftOut().isEmpty() ? "nothing left out" : "left out: " + String.join("; ", scope.leftOut()));
        return CheckResult.pass(RESTORE_SCOPE, String.join("; ", parts));
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
        if (manifest.objects().measured(ObjectInventory.SCHEMA) && facts.objects().measured(ObjectInventory.SCHEMA)) {
            CheckResult named = ObjectChecks.schema(manifest.objects().objects(ObjectInventory.SCHEMA),
                    facts.objects().objects(ObjectInventory.SCHEMA));
            return named.passed() ? CheckResult.pass(SCHEMA, named.detail() + ", fingerprint "
                    + abbreviate(manifest.schemaFingerprint())) : named;
        }
        if (manifest.schemaFingerprint().equals(facts.schemaFingerprint())) {
            return CheckResult.pass(SCHEMA, "matches " + abbreviate(manifest.schemaFingerprint()));
        }
        return CheckResult.fail(SCHEMA, "restored " + abbreviate(facts.schemaFingerprint()) + " differs from snapshot "
                + abbreviate(manifest.schemaFingerprint()) + (manifest.objects().measured(ObjectInventory.SCHEMA) ? ""
                : " (the snapshot's manifest lists no schema objects, so the differing ones cannot be named;"
                        + " a manifest made before object-level fingerprints never matches: take a new snapshot)"));
    }

    static CheckResult rowCounts(SnapshotManifest manifest, DatabaseFacts facts) {
        // partitions are the partitions check's: a truncated partition fails that check alone
        java.util.Set<String> partitions = ObjectChecks.partitionTables(manifest, facts);
        Map<String, Long> expected = withoutKeys(manifest.rowCounts(), partitions);
        Map<String, Long> actual = withoutKeys(facts.rowCounts(), partitions);
        CountTolerance tolerance = manifest.countTolerance();
        List<String> mismatches = new ArrayList<>();
        long largestDrift = 0;
        for (String table : new TreeSet<>(union(expected, actual))) {
            Long want = expected.get(table);
            Long got = actual.get(table);
            if (want == null) {
                mismatches.add(table + ": restored " + got + " rows, absent from snapshot");
            } else if (got == null) {
                mismatches.add(table + ": missing from restore, snapshot had " + want + " rows");
            } else if (tolerance == null ? !want.equals(got) : !tolerance.accepts(want, got)) {
                mismatches.add(table + ": restored " + got + " rows, snapshot had " + want
                        + (tolerance == null ? "" : " (allowed drift " + tolerance.allowedDrift(want) + ")"));
            } else {
                largestDrift = Math.max(largestDrift, Math.abs(got - want));
            }
        }
        if (mismatches.isEmpty()) {
            String how = tolerance == null ? "all exact"
                    : "all within " + tolerance.describe() + " of the counts at the marker, largest drift " + largestDrift;
            long rows = expected.values().stream().mapToLong(Long::longValue).sum();
            return CheckResult.pass(ROW_COUNTS, expected.size() + " tables, " + rows + " rows, " + how
                    + (partitions.isEmpty() ? "" : " (partitions: see " + ObjectInventory.PARTITIONS + ")"));
        }
        return CheckResult.fail(ROW_COUNTS, String.join("; ", mismatches));
    }

    static CheckResult freshness(DrillRequest request, SnapshotManifest manifest, Instant drillTime) {
        Duration rpo = rpo(manifest, drillTime);
        Duration target = request.targets().rpo();
        String detail = "RPO " + DurationText.readable(rpo) + " (drill time minus consistent point "
                + InstantText.utc(manifest.consistentPoint()) + "), " + DurationText.againstTarget(rpo, target);
        return rpo.compareTo(target) <= 0 ? CheckResult.pass(FRESHNESS, detail) : CheckResult.fail(FRESHNESS, detail);
    }

    public static Duration rpo(SnapshotManifest manifest, Instant drillTime) {
        Duration rpo = Duration.between(manifest.consistentPoint(), drillTime);
        return rpo.isNegative() ? Duration.ZERO : rpo;
    }

    private static Map<String, Long> withoutKeys(Map<String, Long> counts, java.util.Set<String> left) {
        Map<String, Long> kept = new java.util.HashMap<>(counts);
        kept.keySet().removeAll(left);
        return kept;
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
