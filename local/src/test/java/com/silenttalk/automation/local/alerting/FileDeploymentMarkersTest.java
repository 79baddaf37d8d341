package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The markers contract on opsctl's marker files ({@code <stateDir>/alerts/deployments/*.json}). */
class FileDeploymentMarkersTest extends DeploymentMarkersContract {
    @TempDir
    Path state;
    private final List<String> lines = new ArrayList<>();

    private Path dir() {
        return state.resolve("deployments");
    }

    @Override
    protected DeploymentMarkers markers() {
        return new FileDeploymentMarkers(dir(), lines::add);
    }

    @Override
    protected void write(String name, DeploymentMarker marker, String json) {
        writeOther(name + ".json", json);
    }

    @Override
    protected void writeUnreadable(String name, String body, String whatIsWrong) {
        writeOther(name + ".json", body);
    }

    @Override
    protected void writeOther(String name, String body) {
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve(name), body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void failListing() {
        // a file where the directory should be: Files.list fails as on an unreadable directory (CI runs as root,
        // which reads every directory whatever its mode)
        try {
            try (var files = Files.list(dir())) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir());
            Files.writeString(dir(), "not a directory", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected List<String> logged() {
        return lines;
    }
}
