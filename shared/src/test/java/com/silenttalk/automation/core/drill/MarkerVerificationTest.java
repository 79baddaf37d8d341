package com.silenttalk.automation.core.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verification of a storage-level snapshot's manifest: a marker, tolerant counts, no artifact hash. */
class MarkerVerificationTest {
    private static final Instant MARKED = Instant.parse("2026-11-25T12:00:02Z");
    private static final Instant DRILL_TIME = Instant.parse("2026-11-25T15:00:00Z");
    private static final String FINGERPRINT = "c".repeat(64);
    private static final SnapshotMarker MARKER = new SnapshotMarker("5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", MARKED);
    private static final CountTolerance TOLERANCE = new CountTolerance(0.01, 5);
    private static final Map<String, Long> COUNTS = Map.of("public.users", 1000L, "public.messages", 52000L,
            "silenttalk_ops.snapshot_marker", 7L);
    private static final SqlProbe ADMINS = new SqlProbe("admins", "select count(*) from users where admin", "3");

    private static DrillRequest request(List<SqlProbe> probes) {
        return new DrillRequest(new DatabaseId("orders"), Duration.ofHours(6), "eu-central-1", DrillTargets.DEFAULT,
                probes, true);
    }

    private static SnapshotManifest manifest() {
        return SnapshotManifest.atMarker(new SnapshotId("st-auto-orders-20261125t1200z"), new DatabaseId("orders"), MARKER,
                "15.8", FINGERPRINT, COUNTS, TOLERANCE);
    }

    private static DatabaseFacts facts(Map<String, Long> counts, String markerFound) {
        return new DatabaseFacts(true, true, "TLSv1.3", FINGERPRINT, counts,
                Map.of("admins", "3", VerificationSuite.MARKER, markerFound));
    }

    private static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void atMarker_whenBuilt_takesTheMarkerTimeAsConsistentPointAndHasNoArtifact() {
        SnapshotManifest m = manifest();

        assertThat(m.consistentPoint()).isEqualTo(MARKED);
        assertThat(m.sha256()).isNull();
        assertThat(m.sizeBytes()).isZero();
    }

    @Test
    void constructor_whenShaIsMissingWithoutMarker_refusesNamingTheField() {
        assertThatThrownBy(() -> new SnapshotManifest(new SnapshotId("st-auto-orders-20261125t1200z"),
                new DatabaseId("orders"), MARKED, "15.8", FINGERPRINT, COUNTS, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256");
    }

    @Test
    void marker_whenIdIsNotAUuid_refusesSoItCanNeverCarrySql() {
        assertThatThrownBy(() -> new SnapshotMarker("x' OR '1'='1", MARKED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker id");
    }

    @Test
    void probesFor_whenManifestHasMarker_addsThePresenceQueryAfterTheOperatorsProbes() {
        List<SqlProbe> probes = VerificationSuite.probesFor(request(List.of(ADMINS)), manifest());

        assertThat(probes).extracting(SqlProbe::name).containsExactly("admins", VerificationSuite.MARKER);
        assertThat(probes.get(1).sql()).isEqualTo(
                "SELECT count(*) FROM silenttalk_ops.snapshot_marker WHERE marker_id = '" + MARKER.id() + "'");
        assertThat(probes.get(1).expect()).isEqualTo("1");
    }

    @Test
    void probesFor_whenManifestIsExact_runsOnlyTheOperatorsProbes() {
        SnapshotManifest exact = new SnapshotManifest(new SnapshotId("st-auto-orders-20261125t1200z"),
                new DatabaseId("orders"), MARKED, "15.8", FINGERPRINT, COUNTS, "f".repeat(64), 10);

        assertThat(VerificationSuite.probesFor(request(List.of(ADMINS)), exact)).containsExactly(ADMINS);
    }

    @Test
    void probesFor_whenAnOperatorProbeTakesTheReservedName_refuses() {
        SqlProbe clash = new SqlProbe(VerificationSuite.MARKER, "select 1", "1");

        assertThatThrownBy(() -> VerificationSuite.probesFor(request(List.of(clash)), manifest()))
                .hasMessageContaining("reserved");
    }

    @Test
    void evaluate_whenMarkerIsPresentAndCountsDriftWithinTolerance_passes() {
        Map<String, Long> drifted = new HashMap<>(COUNTS);
        drifted.put("public.messages", 52000L + 520); // 1 % of 52000
        drifted.put("public.users", 1000L + 10);       // 1 % of 1000

        List<CheckResult> checks = VerificationSuite.evaluate(request(List.of(ADMINS)), manifest(), facts(drifted, "1"), DRILL_TIME);

        assertThat(checks).allMatch(CheckResult::passed);
        assertThat(check(checks, VerificationSuite.MARKER).detail()).contains(MARKER.id()).contains("at or after");
        assertThat(check(checks, VerificationSuite.ROW_COUNTS).detail()).contains("largest drift 520");
        assertThat(check(checks, VerificationSuite.FRESHNESS).detail()).contains("RPO 2 h 59 min");
    }

    @Test
    void evaluate_whenACountDriftsBeyondTolerance_failsNamingTableAndAllowance() {
        Map<String, Long> drifted = new HashMap<>(COUNTS);
        drifted.put("public.messages", 52000L - 521);

        CheckResult counts = check(VerificationSuite.evaluate(request(List.of()), manifest(), facts(drifted, "1"), DRILL_TIME),
                VerificationSuite.ROW_COUNTS);

        assertThat(counts.passed()).isFalse();
        assertThat(counts.detail()).isEqualTo("public.messages: restored 51479 rows, snapshot had 52000 (allowed drift 520)");
    }

    @Test
    void evaluate_whenMarkerIsMissing_failsSayingTheSnapshotPredatesTheManifest() {
        CheckResult marker = check(VerificationSuite.evaluate(request(List.of()), manifest(), facts(COUNTS, "0"), DRILL_TIME),
                VerificationSuite.MARKER);

        assertThat(marker.passed()).isFalse();
        assertThat(marker.detail()).contains("missing").contains("predates");
    }

    @Test
    void evaluate_whenMarkerTableIsAbsent_failsWithTheQueryError() {
        CheckResult marker = check(VerificationSuite.evaluate(request(List.of()), manifest(),
                facts(COUNTS, "error: 42P01 relation \"silenttalk_ops.snapshot_marker\" does not exist"), DRILL_TIME),
                VerificationSuite.MARKER);

        assertThat(marker.passed()).isFalse();
        assertThat(marker.detail()).contains("42P01");
    }

    @Test
    void evaluate_whenTheSchemaDiffers_failsEvenThoughCountsAreTolerant() {
        DatabaseFacts other = new DatabaseFacts(true, true, "TLSv1.3", "d".repeat(64), COUNTS,
                Map.of(VerificationSuite.MARKER, "1"));

        assertThat(check(VerificationSuite.evaluate(request(List.of()), manifest(), other, DRILL_TIME),
                VerificationSuite.SCHEMA).passed()).isFalse();
    }
}
