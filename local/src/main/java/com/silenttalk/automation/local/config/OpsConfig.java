package com.silenttalk.automation.local.config;

import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** opsctl's configuration, validated; {@link ConfigLoader} builds it from YAML and the environment. */
public record OpsConfig(
        Path stateDir,
        Path clustersDir,
        Source source,
        Backup backup,
        Regions regions,
        Drill drill) {

    /**
     * @param url         may be null when only the demo runs
     * @param passwordEnv the environment variable that holds the password; the file never does
     */
    public record Source(DatabaseId database, String url, String passwordEnv) {
    }

    public record Backup(BackupPolicy policy, int compression, int jobs, Duration timeout) {
    }

    /** The primary region's directory and the directories that receive copies, by region name. */
    public record Regions(String primaryName, Path primary, Map<String, Path> copies) {
    }

    public record Drill(String region, DrillTargets targets, boolean requireTls, List<SqlProbe> probes) {
    }

    public Path ledgerDir() {
        return stateDir.resolve("ledger");
    }

    public Path journalDir() {
        return stateDir.resolve("drills");
    }
}
