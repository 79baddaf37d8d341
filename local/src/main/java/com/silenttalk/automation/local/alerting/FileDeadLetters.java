package com.silenttalk.automation.local.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Dead letters as JSON lines appended to one file and forced to disk before {@link #keep}
 * returns. Each line has the whole alert, the channel (by name, never its secret), the action,
 * the reason and the time, so it can be replayed.
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
        ObjectNode line = LocalJson.MAPPER.createObjectNode()
                .put("at", at.toString())
                .put("channel", delivery.channel().name())
                .put("kind", delivery.channel().kind().name())
                .put("action", delivery.action().name())
                .put("rule", delivery.rule())
                .put("reason", reason);
        if (delivery.note() != null) {
            line.put("note", delivery.note());
        }
        line.set("alert", AlertCommand.alertJson(delivery.alert()));
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
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
