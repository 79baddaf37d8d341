package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceIdentityTest {
    private static final SourceIdentity PGB = new SourceIdentity("127.0.0.1", 5432, "pgb", "7301000000000000001", "15.8");

    private static SnapshotManifest manifestOf(SourceIdentity source) {
        return new SnapshotManifest(new SnapshotId("st-auto-pgb-20261207t1200z"), new DatabaseId("pgb"),
                Instant.parse("2026-12-07T12:00:05Z"), "15.8", "f", Map.of(), "a".repeat(64), 10)
                .describingSource(source, null, null);
    }

    @Test
    void differenceFrom_whenSameServerUnderAnotherNameOrVersion_isNone() {
        SourceIdentity viaAlias = new SourceIdentity("db.internal", 6432, "pgb", PGB.systemIdentifier(), "15.9");

        assertThat(PGB.differenceFrom(viaAlias)).isEmpty();
    }

    @Test
    void differenceFrom_whenAnotherDatabaseOrServer_saysWhich() {
        assertThat(PGB.differenceFrom(new SourceIdentity("127.0.0.1", 5432, "other", PGB.systemIdentifier(), "15.8")))
                .contains("another database");
        assertThat(PGB.differenceFrom(new SourceIdentity("127.0.0.1", 5432, "pgb", "7301000000000000002", "15.8")))
                .contains("another server");
    }

    @Test
    void differenceFrom_whenAnIdentifierIsUnknown_comparesHostAndPort() {
        SourceIdentity unknown = new SourceIdentity("127.0.0.1", 5432, "pgb", null, null);

        assertThat(PGB.differenceFrom(unknown)).isEmpty();
        assertThat(PGB.differenceFrom(new SourceIdentity("127.0.0.1", 5433, "pgb", null, null))).contains("another server");
    }

    @Test
    void requireSnapshotOf_whenAnotherDatabase_refusesNamingBoth() {
        SourceIdentity other = new SourceIdentity("127.0.0.1", 5432, "other", PGB.systemIdentifier(), "15.8");

        assertThatThrownBy(() -> SourceIdentity.requireSnapshotOf(manifestOf(PGB), other, "--source-url"))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("--source-url: snapshot st-auto-pgb-20261207t1200z is of database \"pgb\"")
                .hasMessageContaining("another database than the one asked about: database \"other\" on 127.0.0.1:5432");
        assertThatCode(() -> SourceIdentity.requireSnapshotOf(manifestOf(PGB), PGB, "--source-url")).doesNotThrowAnyException();
    }

    @Test
    void requireSnapshotOf_whenTheManifestRecordsNoSource_refuses() {
        assertThatThrownBy(() -> SourceIdentity.requireSnapshotOf(manifestOf(null), PGB, "source.url"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("records no source identity");
    }
}
