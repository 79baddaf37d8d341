package com.silenttalk.automation.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.silenttalk.automation.local.OpsctlRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one function printed on every fixture (exit code, stdout, stderr), compared with the recording in
 * {@code src/test/resources/golden/<cloud>/<function>.txt}. The runs read a fixed clock, and what differs between
 * machines (the listener's port, the working directory, the fixtures' location) is written as a placeholder. Two
 * things vary between JVMs today and are recorded in a canonical form: the order of a planned call's fields (many
 * are built with {@code Map.of}, whose order is salted per JVM), written sorted by key, and the order of one run's
 * planned calls over several databases or secrets (a hash map's order), written sorted. Everything else is byte for
 * byte: the exit code, stderr, and every call's service, operation and parameters.
 * An intended change of output is recorded again with {@code -Dgolden.record=true}, and the diff of the recordings
 * goes in the same commit, listed in its message.
 */
final class GoldenTranscript {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:27:00Z"), ZoneOffset.UTC);
    static final Path RECORDINGS = Path.of("src", "test", "resources", "golden").toAbsolutePath();
    private static final Path EVENTS_ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path recording;
    private final Map<String, String> placeholders;
    private final StringBuilder text = new StringBuilder();

    /** @param placeholders what this test run chose (a port, a temporary directory), by the name written instead */
    GoldenTranscript(String cloud, String function, Map<String, String> placeholders) {
        this.recording = RECORDINGS.resolve(cloud).resolve(function + ".txt");
        this.placeholders = placeholders;
    }

    void add(Path fixture, OpsctlRun run) {
        text.append("### ").append(EVENTS_ROOT.relativize(fixture.toAbsolutePath().normalize())).append('\n')
                .append("exit ").append(run.exitCode()).append('\n')
                .append("--- stdout\n").append(stable(canonical(run.stdout())))
                .append("--- stderr\n").append(stable(run.stderr()));
    }

    /** One JSON object a line, fields sorted by key, lines sorted; a line that is not JSON is kept as printed. */
    private static String canonical(String stdout) {
        return stdout.lines().map(GoldenTranscript::sortedFields).sorted().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static String sortedFields(String line) {
        try {
            return SORTED.writeValueAsString(SORTED.readValue(line, Object.class));
        } catch (JsonProcessingException e) {
            return line;
        }
    }

    private String stable(String printed) {
        String s = printed.replace(EVENTS_ROOT.toString(), "<repository>");
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            s = s.replace(p.getKey(), p.getValue());
        }
        return s.isEmpty() || s.endsWith("\n") ? s : s + "\n";
    }

    void assertMatchesRecording() {
        try {
            if (Boolean.getBoolean("golden.record")) {
                Files.createDirectories(recording.getParent());
                Files.writeString(recording, text, StandardCharsets.UTF_8);
            }
            // what this run printed, beside the build's output, for a diff against the recording
            Path actual = Path.of("target", "golden-actual").toAbsolutePath().resolve(RECORDINGS.relativize(recording));
            Files.createDirectories(actual.getParent());
            Files.writeString(actual, text, StandardCharsets.UTF_8);
            assertThat(recording).as("golden transcript (record it with -Dgolden.record=true)").exists();
            assertThat(text.toString()).as("what the dry-runs printed, against %s", recording)
                    .isEqualTo(Files.readString(recording, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
