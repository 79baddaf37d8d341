package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.DeadLetterRecords;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeadLettersContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letters contract on opsctl's dead-letter file: one JSON line per kept delivery, read back line by line. */
class FileDeadLettersTest extends DeadLettersContract {
    @TempDir
    Path state;

    private Path file() {
        return state.resolve("alerts").resolve("dead-letters.jsonl");
    }

    @Override
    protected DeadLetters deadLetters() {
        return new FileDeadLetters(file());
    }

    @Override
    protected List<Kept> kept() {
        try {
            List<Kept> kept = new ArrayList<>();
            for (String line : Files.exists(file()) ? Files.readAllLines(file()) : List.<String>of()) {
                kept.add(DeadLetterRecords.read(line));
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
