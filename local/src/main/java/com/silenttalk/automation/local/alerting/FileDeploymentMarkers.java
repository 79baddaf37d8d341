package com.silenttalk.automation.local.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.AlertRulesFile;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deployment markers as JSON files in a directory, written by the deploy pipeline:
 * {@code {"deploymentId": "...", "startedAt": "...Z", "endedAt": "...Z" (optional), "match": {...}}},
 * where {@code match} has the rules file's match keys. A file that cannot be read is an error
 * naming it: a silently ignored marker would page people during a deployment.
 */
public final class FileDeploymentMarkers implements DeploymentMarkers {
    private final Path dir;

    public FileDeploymentMarkers(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<DeploymentMarker> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(parse(f));
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot list deployment markers in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static DeploymentMarker parse(Path file) {
        String name = "deployment marker " + file.getFileName();
        JsonNode m;
        try {
            m = LocalJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidFieldException(name, "is not valid JSON");
        }
        if (m == null || !m.isObject()) {
            throw new InvalidFieldException(name, "must be a JSON object");
        }
        try {
            return new DeploymentMarker(m.path("deploymentId").asText(null), AlertRulesFile.match(m.path("match"), "match"),
                    Instant.parse(m.path("startedAt").asText("")),
                    m.hasNonNull("endedAt") ? Instant.parse(m.path("endedAt").asText()) : null);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(name, "startedAt/endedAt must be ISO-8601 instants");
        } catch (InvalidFieldException e) {
            throw e.under(name);
        }
    }
}
