package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.SecretStoreContract;
import com.silenttalk.automation.core.rotation.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secret store contract on the self-hosted JSON file (its id is the file's absolute path). */
class FileSecretStoreTest extends SecretStoreContract {
    static final String V1 = "a1b2c3d4-0000-4000-8000-000000000001";

    @TempDir
    Path dir;
    FileSecretStore store;

    @BeforeEach
    void initialise() {
        store = FileSecretStore.initialise(dir.resolve("app-db.json"), INITIAL, V1,
                Clock.fixed(Instant.parse("2026-03-01T06:00:00Z"), ZoneOffset.UTC));
    }

    @Override
    protected SecretStore store() {
        return store;
    }

    @Override
    protected String secretId() {
        return store.secretId();
    }

    @Override
    protected String initialVersion() {
        return V1;
    }

    @Test
    void promote_whenTheFileWasWrittenByAnOlderRelease_readsItsAWSLabelsAndWritesTheStagesNames() throws Exception {
        Path old = dir.resolve("old.json");
        Files.writeString(old, """
                {"rotationEnabled": true, "versions": [
                 {"versionId": "v0", "stages": ["AWSPREVIOUS"], "createdAt": "2026-01-01T06:00:00Z",
                  "value": {"username": "app", "host": "db.internal", "password": "Old-Pass-0123456789abcdef", "attributes": {}}},
                 {"versionId": "v1", "stages": ["AWSCURRENT"], "createdAt": "2026-02-01T06:00:00Z",
                  "value": {"username": "app", "host": "db.internal", "password": "Initial-Pass-0123456789abcdef", "attributes": {}}},
                 {"versionId": "stale", "stages": ["AWSPENDING"], "createdAt": "2026-02-15T06:00:00Z", "value": null}]}
                """);
        FileSecretStore legacy = new FileSecretStore(old, Clock.fixed(Instant.parse("2026-03-01T06:00:00Z"), ZoneOffset.UTC));
        String id = legacy.secretId();

        SecretDescription before = legacy.describe(id);
        assertThat(before.versionWith(Stage.CURRENT)).contains("v1");
        assertThat(before.versionWith(Stage.PREVIOUS)).contains("v0");
        assertThat(before.stalePending(TOKEN_1)).contains("stale");
        assertThat(legacy.valueAt(id, Stage.PREVIOUS).map(c -> new String(c.password()))).contains("Old-Pass-0123456789abcdef");

        legacy.removeStage(id, Stage.PENDING, "stale");
        legacy.beginVersion(id, TOKEN_1);
        legacy.putPending(id, TOKEN_1, NEXT);
        legacy.promote(id, TOKEN_1, "v1");

        SecretDescription after = legacy.describe(id);
        assertThat(after.versionWith(Stage.CURRENT)).contains(TOKEN_1);
        assertThat(after.versionWith(Stage.PREVIOUS)).contains("v1");
        assertThat(after.versionWith(Stage.PENDING)).isEmpty();
        assertThat(legacy.valueAt(id, Stage.CURRENT)).contains(NEXT);
        assertThat(Files.readString(old)).contains("\"CURRENT\"", "\"PREVIOUS\"").doesNotContain("AWSCURRENT", "AWSPREVIOUS", "AWSPENDING");
    }

    @Test
    void putPending_whenWritten_keepsTheFileReadableByItsOwnerOnly() throws Exception {
        store.putPending(secretId(), TOKEN_1, NEXT);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("app-db.json")))).isEqualTo("rw-------");
    }
}
