package com.silenttalk.automation.local.ledger;

import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ledger as one JSON file per run. A claim is a hard link of a fully written temp file:
 * link(2) fails when the name exists, which makes it the conditional put, even across processes.
 */
public final class FileRunLedger implements RunLedger {
    private final Path dir;

    /** The directory is made by the first write, so reading (a dry-run, a report) leaves no trace. */
    public FileRunLedger(Path dir) {
        this.dir = dir;
    }

    private void createDirectory() {
        try {
            LocalFiles.createPrivateDirectories(dir);
        } catch (IOException e) {
            throw new EnvironmentException("cannot create the ledger at " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean claim(AuditRecord started) {
        Path target = fileOf(started.key());
        createDirectory();
        try {
            Path tmp = Files.createTempFile(dir, ".claim", ".tmp");
            try {
                Files.write(tmp, CoreRecordJson.bytes(started));
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new EnvironmentException("ledger write failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a claimed run's file; a run never claimed has none and is refused (nothing else removes these files). */
    @Override
    public void update(AuditRecord record) {
        Path file = fileOf(record.key());
        if (!Files.exists(file)) {
            throw new IllegalStateException("run " + record.key() + " was never claimed");
        }
        LocalJson.writeRecordAtomically(file, record);
    }

    @Override
    public Optional<AuditRecord> find(RunKey key) {
        Path file = fileOf(key);
        return Files.exists(file) ? Optional.of(LocalJson.readRecord(file, AuditRecord.class)) : Optional.empty();
    }

    /** Records of {@code action} still STARTED: runs in progress, or runs whose process died. */
    public List<AuditRecord> started(String action) {
        return readAll(dir).stream().filter(r -> r.action().equals(action) && r.outcome() == Outcome.STARTED).toList();
    }

    /**
     * Every record in a ledger directory, for readers that must not change anything (status, the
     * scaling guard): no directory is created, a missing one is an empty ledger, claims in flight
     * (dot files) are skipped.
     */
    public static List<AuditRecord> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(f -> LocalJson.readRecord(f, AuditRecord.class))
                    .toList();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the ledger at " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The longest encoded key kept as a name: an update's temp file is "." + name + ".json" + up to 20 digits + ".tmp",
     * and a file name holds 255 bytes. Every key that could be claimed and updated before keeps its file.
     */
    static final int MAX_ENCODED_NAME = 225;

    static Path fileOf(Path dir, RunKey key) {
        // Keys hold slashes and colons; URL-safe base64 keeps them one flat, reversible file name. A longer key
        // (a RunKey may have 512 characters of any text) is named by its SHA-256; '~' is not in base64's alphabet.
        byte[] utf8 = key.value().getBytes(StandardCharsets.UTF_8);
        String name = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8);
        if (name.length() > MAX_ENCODED_NAME) {
            try {
                name = "sha256~" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
        return dir.resolve(name + ".json");
    }

    private Path fileOf(RunKey key) {
        return fileOf(dir, key);
    }
}
