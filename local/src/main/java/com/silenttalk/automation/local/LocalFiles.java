package com.silenttalk.automation.local;

import com.silenttalk.automation.core.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Stream;

/** File-tree operations the local runner needs in several capabilities. */
public final class LocalFiles {
    /** Event files are read whole; a 3 GB one ran the JVM out of heap, and no service sends events this large. */
    public static final long MAX_EVENT_BYTES = 10L * 1024 * 1024;

    /** Files that hold data (a dump holds every row of the database), and the directories opsctl makes for them. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private LocalFiles() {
    }

    public static FileAttribute<Set<PosixFilePermission>> privateFile() {
        return PosixFilePermissions.asFileAttribute(PRIVATE_FILE);
    }

    /** Creates {@code dir} and its missing parents 0700; directories that already exist keep their mode. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        return createDirectories(dir, PRIVATE_DIRECTORY);
    }

    /**
     * Creates {@code dir} and its missing parents with exactly {@code mode} (whatever the umask).
     * A directory that already exists is never changed: opsctl changes no mode of a directory it did not create.
     */
    public static Path createDirectories(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                Files.setPosixFilePermissions(p, mode);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // made meanwhile by another process: it is theirs, keep its mode
            }
        }
        return dir;
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

    /**
     * The bytes of an event file named by {@code --event}, refused (naming its size) above
     * {@link #MAX_EVENT_BYTES}. The read itself stops at the limit, so a file that grows, or a pipe,
     * cannot get past it either.
     */
    public static byte[] readEvent(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidFieldException("--event", "no such file: " + file);
        }
        try {
            long size = Files.size(file);
            if (size > MAX_EVENT_BYTES) {
                throw tooLarge(file, size + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) MAX_EVENT_BYTES + 1);
                if (bytes.length > MAX_EVENT_BYTES) {
                    throw tooLarge(file, "more than " + MAX_EVENT_BYTES + " bytes");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidFieldException("--event", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidFieldException("--event", "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static InvalidFieldException tooLarge(Path file, String size) {
        return new InvalidFieldException("--event", file.getFileName() + " is " + size + "; event files are limited to "
                + MAX_EVENT_BYTES + " bytes (10 MB)");
    }
}
