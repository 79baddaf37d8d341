package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.SecretStoreContract;
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
    void putPending_whenWritten_keepsTheFileReadableByItsOwnerOnly() throws Exception {
        store.putPending(secretId(), TOKEN_1, NEXT);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("app-db.json")))).isEqualTo("rw-------");
    }
}
