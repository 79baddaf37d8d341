package com.silenttalk.automation.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.alerting.channels.TerminalSafeEscapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * opsctl's JSON for its own files and its printed answers. The core's records it keeps (manifests, the drill
 * journal, reports, the ledger, failover runs) are written and read in the form every runner gives them,
 * {@link CoreRecordJson}: {@link #writeRecordAtomically} and {@link #readRecord}.
 */
public final class LocalJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new TerminalSafeEscapes()).build())
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private LocalJson() {
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A core record from a file: as opsctl, the AWS or the Azure functions wrote it, of this version or an older one. */
    public static <T> T readRecord(Path file, Class<T> type) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return CoreRecordJson.read(json, type);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e.getCause());
        }
    }

    /** A core record as opsctl prints it for an operator: the form every runner writes, indented. */
    public static String writeRecordIndented(Object record) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(CoreRecordJson.write(record)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #writeAtomically} of a core record in the form every runner writes. */
    public static void writeRecordAtomically(Path target, Object record) {
        writeAtomically(target, CoreRecordJson.bytes(record));
    }

    /**
     * One compact JSON line, as commands print their machine output; what input put in it is escaped
     * for the terminal ({@link TerminalSafeEscapes}). {@code JsonNode.toString()} would use Jackson's
     * defaults and leave C1 controls and bidi overrides raw.
     */
    public static String line(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes beside the target, forces it to disk, then renames: readers see the old file or the new, never half.
     * The file is 0600 (a temp file's mode), and directories made for it 0700.
     */
    public static void writeAtomically(Path target, Object value) {
        writeAtomically(target, write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static void writeAtomically(Path target, byte[] content) {
        try {
            LocalFiles.createPrivateDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
