package com.silenttalk.automation.local;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space on the file system that holds a path. The free-space pre-flight reads it here, so tests can feed it. */
@FunctionalInterface
public interface DiskSpace {
    /** A file system: {@code id} tells file systems apart (paths on one file system share its free bytes). */
    record Volume(String id, long usableBytes) {
    }

    /** The file system holding {@code path}, or that will hold it once its missing directories are made. */
    Volume volumeOf(Path path);

    DiskSpace SYSTEM = path -> {
        Path existing = path.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return new Volume("dev " + Files.getAttribute(existing, "unix:dev"), store.getUsableSpace());
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the free space of " + existing + ": " + e.getMessage(), e);
        }
    };
}
