package com.silenttalk.automation.local.ledger;

import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local runner's durability: the drill's state after every finished step. Where Step
 * Functions or Durable Functions keep the state in the cloud, the local runner keeps it here,
 * so that a killed drill resumes from its last finished step.
 */
public final class DrillJournal {
    private final Path dir;

    public DrillJournal(Path dir) {
        this.dir = dir;
    }

    public void save(DrillState state) {
        LocalJson.writeRecordAtomically(dir.resolve(state.runId() + ".json"), state);
    }

    /** Forgets a drill that cannot resume; its audit record in the ledger stays. */
    public void discard(String runId) {
        try {
            Files.deleteIfExists(dir.resolve(runId + ".json"));
        } catch (IOException e) {
            throw new EnvironmentException("cannot update the drill journal at " + dir + ": " + e.getMessage(), e);
        }
    }

    public Optional<DrillState> find(String runId) {
        Path file = dir.resolve(runId + ".json");
        return Files.exists(file) ? Optional.of(LocalJson.readRecord(file, DrillState.class)) : Optional.empty();
    }

    /** The newest unfinished drill of a database, if an earlier process stopped before the end. */
    public Optional<DrillState> unfinished(String database) {
        return all().stream()
                .filter(s -> !s.isDone() && s.request().database().value().equals(database))
                .max(Comparator.comparing(DrillState::startedAt));
    }

    /** The newest finished drill, for {@code opsctl report --last}. */
    public Optional<DrillState> lastFinished() {
        return all().stream().filter(DrillState::isDone).max(Comparator.comparing(DrillState::startedAt));
    }

    /** Every finished drill's report, for {@code opsctl status}. */
    public List<DrillReport> finishedReports() {
        return all().stream().filter(s -> s.isDone() && s.report() != null).map(DrillState::report).toList();
    }

    private List<DrillState> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .map(f -> LocalJson.readRecord(f, DrillState.class))
                    .toList();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the drill journal at " + dir + ": " + e.getMessage(), e);
        }
    }
}
