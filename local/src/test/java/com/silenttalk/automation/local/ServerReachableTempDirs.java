package com.silenttalk.automation.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * The tests' {@code @TempDir}s, 0711 instead of 0700: as root, the throwaway servers run as
 * 'postgres', which must pass through a test's directory to its clusters. opsctl itself never
 * changes a directory it did not create, so the tests open their own (surefire configures this).
 */
public final class ServerReachableTempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Path dir = Files.createTempDirectory("junit");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }
}
