package com.silenttalk.automation.local.scaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.scaling.CapacityScaler;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.local.LocalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The self-hosted runner's capacity: the desired count of each target in one JSON file
 * ({@code {"silenttalk-prod/api": 4}}), written atomically. Whatever runs the app tier locally
 * (compose, systemd templates) reads it; opsctl only decides and records.
 */
public final class FileCapacity implements CapacityScaler {
    private final Path file;

    public FileCapacity(Path file) {
        this.file = file;
    }

    @Override
    public synchronized int currentCount(ScalingTarget target) {
        return recorded(target).orElseThrow(() -> new InvalidFieldException("--current",
                "no recorded count for " + target + " in " + file + "; pass --current N"));
    }

    /** The recorded count, if there is one. */
    public synchronized OptionalInt recorded(ScalingTarget target) {
        ObjectNode counts = read();
        return counts.has(target.value()) && counts.get(target.value()).canConvertToInt()
                ? OptionalInt.of(counts.get(target.value()).asInt()) : OptionalInt.empty();
    }

    @Override
    public synchronized void setDesiredCount(ScalingTarget target, int count) {
        ObjectNode counts = read();
        counts.put(target.value(), count);
        LocalJson.writeAtomically(file, counts);
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return LocalJson.MAPPER.createObjectNode();
        }
        return LocalJson.read(file, ObjectNode.class);
    }
}
