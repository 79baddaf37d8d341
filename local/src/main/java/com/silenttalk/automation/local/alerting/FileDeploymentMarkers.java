package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.inbound.DeploymentMarkerJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.local.EnvironmentException;
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
 * marker, at worst it is not muted.
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
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<DeploymentMarker> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                read(f).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot list deployment markers in " + dir + ": " + e.getMessage(), e);
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
