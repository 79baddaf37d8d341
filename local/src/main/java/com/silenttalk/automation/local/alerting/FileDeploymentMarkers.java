package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.inbound.DeploymentMarkerJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Deployment markers ({@link DeploymentMarkerJson}) as JSON files in a directory, written by the deploy pipeline.
 * A marker that cannot be read or parsed is skipped with one line naming it: an alert is never lost to a broken
 * marker, at worst it is not muted. A directory that cannot be listed is one line and
 * {@link DeploymentMarkersUnavailableException}, never "no markers".
 */
public final class FileDeploymentMarkers implements DeploymentMarkers {
    private final Path dir;
    private final Consumer<String> log;

    /** @param log where the line about a skipped marker goes (opsctl's stderr) */
    public FileDeploymentMarkers(Path dir, Consumer<String> log) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        if (Files.notExists(dir)) {
            return List.of(); // no deploy pipeline ever wrote one
        }
        List<Path> markerFiles;
        try (Stream<Path> files = Files.list(dir)) {
            markerFiles = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            DeploymentMarkersUnavailableException unavailable = new DeploymentMarkersUnavailableException(dir.toString(),
                    Files.isDirectory(dir) ? e.toString() : "not a directory", e);
            log.accept("[alert] " + unavailable.getMessage());
            throw unavailable;
        }
        List<DeploymentMarker> out = new ArrayList<>();
        for (Path f : markerFiles) {
            read(f).ifPresent(out::add);
        }
        return out;
    }

    private Optional<DeploymentMarker> read(Path file) {
        try {
            return Optional.of(DeploymentMarkerJson.parse("deployment marker " + file.getFileName(), Files.readAllBytes(file)));
        } catch (InvalidFieldException e) {
            log.accept("[alert] skipped " + e.getMessage());
        } catch (IOException e) {
            log.accept("[alert] skipped deployment marker " + file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }
}
