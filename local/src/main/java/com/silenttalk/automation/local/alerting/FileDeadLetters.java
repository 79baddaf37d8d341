package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

/**
 * Dead letters as JSON lines ({@link AlertJson#deadLetter}) appended to one file and forced to
 * disk before {@link #keep} returns.
 */
public final class FileDeadLetters implements DeadLetters {
    private final Path file;

    public FileDeadLetters(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void keep(Delivery delivery, String reason, Instant at) {
        String line = AlertJson.deadLetter(delivery, reason, at).toString();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            LocalFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), LocalFiles.privateFile())) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot keep a dead letter in " + file + ": " + e.getMessage(), e);
        }
    }
}
