package com.silenttalk.automation.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree operations the local runner needs in several capabilities. */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** Deletes a directory and everything below it; a no-op when it is already gone. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
