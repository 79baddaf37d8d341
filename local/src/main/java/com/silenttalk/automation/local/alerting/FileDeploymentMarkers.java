package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.DeploymentMarkerJson;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.local.EnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Deployment markers ({@link DeploymentMarkerJson}) as JSON files in a directory, written by the deploy pipeline. */
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
        try {
            return DeploymentMarkerJson.parse("deployment marker " + file.getFileName(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new EnvironmentException("cannot read deployment marker " + file + ": " + e.getMessage(), e);
        }
    }
}
