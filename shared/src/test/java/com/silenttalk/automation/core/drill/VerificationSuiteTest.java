package com.silenttalk.automation.core.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.RoleDefinition;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.SourceTls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationSuiteTest {
    private static final Instant CONSISTENT = Instant.parse("2026-11-25T12:00:30Z");
    private static final Instant DRILL_TIME = Instant.parse("2026-11-25T15:00:30Z");
    private static final String FINGERPRINT = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
    private static final Map<String, Long> COUNTS = Map.of("public.users", 1000L, "public.messages", 52000L);
    private static final SqlProbe ADMINS = new SqlProbe("admins", "select count(*) from users where admin", "3");

    private static DrillRequest request(boolean requireTls, List<SqlProbe> probes) {
        return new DrillRequest(new DatabaseId("chat"), Duration.ofHours(6), "eu-central-1", DrillTargets.DEFAULT,
                probes, requireTls);
    }

    private static SnapshotManifest manifest(Instant consistentPoint) {
        return new SnapshotManifest(new SnapshotId("st-auto-chat-20261125t1200z"), new DatabaseId("chat"), consistentPoint,
                "15.8", FINGERPRINT, COUNTS, "f".repeat(64), 4096);
    }

    private static DatabaseFacts facts(boolean offered, boolean used, String fingerprint, Map<String, Long> counts,
                                       Map<String, String> probes) {
        return new DatabaseFacts(offered, used, used ? "TLSv1.3" : "none", fingerprint, counts, probes);
    }

    private static DatabaseFacts healthy() {
        return facts(true, true, FINGERPRINT, COUNTS, Map.of("admins", "3"));
    }

    private static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void evaluate_whenRestoreMatches_passesEveryCheckInOrder() {
        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of(ADMINS)), manifest(CONSISTENT), healthy(), DRILL_TIME);

        assertThat(checks).extracting(CheckResult::name)
                .containsExactly("tls", "schema-fingerprint", "row-counts", "freshness", "probe:admins");
        assertThat(checks).allMatch(CheckResult::passed);
        assertThat(check(checks, "row-counts").detail()).isEqualTo("2 tables, 53000 rows, all exact");
        assertThat(check(checks, "tls").detail()).contains("TLSv1.3");
    }

    // ---- the source ----------------------------------------------------------------------

    @Test
    void evaluate_whenTheManifestDescribesItsSource_checksIdentityTlsAndScopeFirst() {
        SourceIdentity source = new SourceIdentity("127.0.0.1", 5432, "chat", "7301", "15.8");
        SourceTls tls = new SourceTls(true, "TLSv1.3", "TLS_AES_256_GCM_SHA384", "verify-full", true);
        SnapshotManifest described = manifest(CONSISTENT).describingSource(source, tls, new RestoreScope(
                List.of(new RoleDefinition("app_reader", List.of())), Map.of("plpgsql", "1.0"),
                List.of("tablespace fast: 1 relation(s) (public.hot) restored into the default tablespace")));

        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of()).about(source, true), described,
                healthy(), DRILL_TIME);

        assertThat(checks).extracting(CheckResult::name).startsWith("source-identity", "source-tls", "restore-scope", "tls");
        assertThat(checks).allMatch(CheckResult::passed);
        assertThat(check(checks, "source-tls").detail())
                .isEqualTo("TLSv1.3 TLS_AES_256_GCM_SHA384, server certificate verified (sslmode verify-full)");
        assertThat(check(checks, "restore-scope").detail()).isEqualTo("1 role(s) the dump names created NOLOGIN, without"
                + " passwords: app_reader; left out: tablespace fast: 1 relation(s) (public.hot) restored into the default tablespace");
    }

    @Test
    void sourceTls_whenPlaintextAndRequired_failsElseSaysSo() {
        SourceTls plaintext = SourceTls.plaintext("prefer");

        assertThat(VerificationSuite.sourceTls(request(false, List.of()).about(null, true), plaintext))
                .isEqualTo(CheckResult.fail("source-tls", "the source connection was not encrypted (sslmode prefer); source.requireTls is on"));
        assertThat(VerificationSuite.sourceTls(request(false, List.of()), plaintext))
                .isEqualTo(CheckResult.pass("source-tls", "not encrypted (sslmode prefer); source.requireTls is off"));
        assertThat(VerificationSuite.sourceTls(request(false, List.of()),
                new SourceTls(true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "require", false)).detail())
                .contains("server certificate NOT verified (sslmode require)");
    }

    @Test
    void sourceTls_whenRequiredButTheManifestDoesNotSay_fails() {
        List<CheckResult> checks = VerificationSuite.evaluate(request(false, List.of()).about(null, true), manifest(CONSISTENT),
                healthy(), DRILL_TIME);

        assertThat(check(checks, "source-tls").passed()).isFalse();
    }

    @Test
    void restoreScope_whenNothingIsLeftOut_saysSo() {
        assertThat(VerificationSuite.restoreScope(RestoreScope.NOTHING)).isEqualTo(CheckResult.pass("restore-scope", "nothing left out"));
    }

    // ---- TLS -----------------------------------------------------------------------------

    @Test
    void tls_whenOfferedButUnused_fails() {
        CheckResult tls = VerificationSuite.tls(request(false, List.of()), facts(true, false, FINGERPRINT, COUNTS, Map.of()));

        assertThat(tls.passed()).isFalse();
        assertThat(tls.detail()).contains("offers TLS").contains("not encrypted");
    }

    @Test
    void tls_whenNotOfferedAndNotRequired_passes() {
        CheckResult tls = VerificationSuite.tls(request(false, List.of()), facts(false, false, FINGERPRINT, COUNTS, Map.of()));

        assertThat(tls.passed()).isTrue();
        assertThat(tls.detail()).contains("offers no TLS");
    }

    @Test
    void tls_whenRequiredButUnavailable_fails() {
        CheckResult tls = VerificationSuite.tls(request(true, List.of()), facts(false, false, FINGERPRINT, COUNTS, Map.of()));

        assertThat(tls.passed()).isFalse();
        assertThat(tls.detail()).contains("required").contains("offers none");
    }

    @Test
    void tls_whenUsed_passesNamingTheProtocol() {
        CheckResult tls = VerificationSuite.tls(request(true, List.of()), facts(true, true, FINGERPRINT, COUNTS, Map.of()));

        assertThat(tls.passed()).isTrue();
        assertThat(tls.detail()).isEqualTo("connected over TLSv1.3");
    }

    // ---- schema --------------------------------------------------------------------------

    @Test
    void schema_whenFingerprintDiffersAndNoObjectsAreListed_failsNamingBothHashesAndWhyNoObject() {
        String other = "ffff0000eeee1111dddd2222cccc3333bbbb4444aaaa5555999966668888777";
        CheckResult schema = VerificationSuite.schema(manifest(CONSISTENT), facts(true, true, other, COUNTS, Map.of()));

        assertThat(schema.passed()).isFalse();
        assertThat(schema.name()).isEqualTo("schema-fingerprint");
        assertThat(schema.detail()).startsWith("restored ffff0000eeee differs from snapshot a1b2c3d4e5f6 (")
                .contains("lists no schema objects");
    }

    @Test
    void schema_whenFingerprintMatches_passes() {
        CheckResult schema = VerificationSuite.schema(manifest(CONSISTENT), healthy());

        assertThat(schema.passed()).isTrue();
        assertThat(schema.detail()).isEqualTo("matches a1b2c3d4e5f6");
    }

    // ---- row counts ----------------------------------------------------------------------

    @Test
    void rowCounts_whenATableHasFewerRows_failsNamingTheTableAndBothNumbers() {
        Map<String, Long> restored = Map.of("public.users", 1000L, "public.messages", 51999L);

        CheckResult rows = VerificationSuite.rowCounts(manifest(CONSISTENT), facts(true, true, FINGERPRINT, restored, Map.of()));

        assertThat(rows.passed()).isFalse();
        assertThat(rows.detail()).isEqualTo("public.messages: restored 51999 rows, snapshot had 52000");
    }

    @Test
    void rowCounts_whenATableIsMissing_failsNamingIt() {
        CheckResult rows = VerificationSuite.rowCounts(manifest(CONSISTENT),
                facts(true, true, FINGERPRINT, Map.of("public.users", 1000L), Map.of()));

        assertThat(rows.passed()).isFalse();
        assertThat(rows.detail()).isEqualTo("public.messages: missing from restore, snapshot had 52000 rows");
    }

    @Test
    void rowCounts_whenAnExtraTableAppears_failsNamingIt() {
        Map<String, Long> restored = Map.of("public.users", 1000L, "public.messages", 52000L, "public.sessions", 7L);

        CheckResult rows = VerificationSuite.rowCounts(manifest(CONSISTENT), facts(true, true, FINGERPRINT, restored, Map.of()));

        assertThat(rows.passed()).isFalse();
        assertThat(rows.detail()).isEqualTo("public.sessions: restored 7 rows, absent from snapshot");
    }

    @Test
    void rowCounts_whenSeveralProblems_listsEachInTableOrder() {
        Map<String, Long> restored = Map.of("public.users", 999L, "public.calls", 1L);

        CheckResult rows = VerificationSuite.rowCounts(manifest(CONSISTENT), facts(true, true, FINGERPRINT, restored, Map.of()));

        assertThat(rows.detail()).isEqualTo("public.calls: restored 1 rows, absent from snapshot; "
                + "public.messages: missing from restore, snapshot had 52000 rows; "
                + "public.users: restored 999 rows, snapshot had 1000");
    }

    // ---- freshness -----------------------------------------------------------------------

    @Test
    void freshness_whenWithinRpoTarget_passesWithTheMeasuredRpo() {
        CheckResult fresh = VerificationSuite.freshness(request(false, List.of()), manifest(CONSISTENT), DRILL_TIME);

        assertThat(fresh.passed()).isTrue();
        assertThat(fresh.detail()).startsWith("RPO 3 h ").endsWith("), target 6 h");
    }

    @Test
    void freshness_whenExactlyAtTarget_passes() {
        CheckResult fresh = VerificationSuite.freshness(request(false, List.of()), manifest(DRILL_TIME.minus(Duration.ofHours(6))), DRILL_TIME);

        assertThat(fresh.passed()).isTrue();
    }

    @Test
    void freshness_whenOlderThanRpoTarget_failsWithTheMeasuredRpo() {
        SnapshotManifest stale = manifest(DRILL_TIME.minus(Duration.ofHours(6)).minusSeconds(1));

        CheckResult fresh = VerificationSuite.freshness(request(false, List.of()), stale, DRILL_TIME);

        assertThat(fresh.passed()).isFalse();
        assertThat(fresh.detail()).startsWith("RPO 6 h ").endsWith("target 6 h, over by 1.0 s");
    }

    @Test
    void rpo_whenConsistentPointAfterDrillTime_isZero() {
        assertThat(VerificationSuite.rpo(manifest(DRILL_TIME.plusSeconds(10)), DRILL_TIME)).isEqualTo(Duration.ZERO);
        assertThat(VerificationSuite.rpo(manifest(CONSISTENT), DRILL_TIME)).isEqualTo(Duration.ofHours(3));
    }

    // ---- probes --------------------------------------------------------------------------

    @Test
    void evaluate_whenProbeReturnsSomethingElse_failsWithExpectedAndActual() {
        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of(ADMINS)), manifest(CONSISTENT),
                facts(true, true, FINGERPRINT, COUNTS, Map.of("admins", "2")), DRILL_TIME);

        CheckResult probe = check(checks, "probe:admins");
        assertThat(probe.passed()).isFalse();
        assertThat(probe.detail()).isEqualTo("expected 3, got 2");
    }

    @Test
    void evaluate_whenProbeWasNotRun_failsSayingSo() {
        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of(ADMINS)), manifest(CONSISTENT),
                facts(true, true, FINGERPRINT, COUNTS, Map.of()), DRILL_TIME);

        assertThat(check(checks, "probe:admins").detail()).isEqualTo("expected 3, got <not run>");
    }

    @Test
    void evaluate_whenProbeMatches_passesWithTheValue() {
        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of(ADMINS)), manifest(CONSISTENT), healthy(), DRILL_TIME);

        assertThat(check(checks, "probe:admins")).isEqualTo(CheckResult.pass("probe:admins", "returned 3"));
    }

    @Test
    void evaluate_whenOnlyOneThingIsWrong_failsOnlyThatCheck() {
        Map<String, Long> restored = Map.of("public.users", 1001L, "public.messages", 52000L);

        List<CheckResult> checks = VerificationSuite.evaluate(request(true, List.of(ADMINS)), manifest(CONSISTENT),
                facts(true, true, FINGERPRINT, restored, Map.of("admins", "3")), DRILL_TIME);

        assertThat(checks).filteredOn(c -> !c.passed()).extracting(CheckResult::name).containsExactly("row-counts");
    }

    @Test
    void sqlProbe_whenFieldsMissing_throwsNamingTheField() {
        assertThatThrownBy(() -> new SqlProbe(" ", "select 1", "1"))
                .hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> new SqlProbe("p", "", "1"))
                .hasMessageStartingWith("sql: ");
        assertThatThrownBy(() -> new SqlProbe("p", "select 1", null))
                .hasMessageStartingWith("expect: ");
    }

    @Test
    void drillTargets_whenNotPositive_throwsNamingTheTarget() {
        assertThatThrownBy(() -> new DrillTargets(Duration.ZERO, Duration.ofHours(6)))
                .hasMessageStartingWith("rtoTarget: ");
        assertThatThrownBy(() -> new DrillTargets(Duration.ofMinutes(30), Duration.ofHours(-1)))
                .hasMessageStartingWith("rpoTarget: ");
        assertThat(DrillTargets.DEFAULT).isEqualTo(new DrillTargets(Duration.ofMinutes(30), Duration.ofHours(6)));
    }
}
