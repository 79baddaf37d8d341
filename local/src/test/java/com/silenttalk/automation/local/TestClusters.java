package com.silenttalk.automation.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where tests put throwaway clusters, and how they check that nothing was left behind. */
public final class TestClusters {
    private TestClusters() {
    }

    /** Directories left under a clusters root: each would be a leftover server's files. */
    public static List<Path> leftovers(Path clustersRoot) throws IOException {
        if (!Files.isDirectory(clustersRoot)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(clustersRoot)) {
            return dirs.toList();
        }
    }

    /** Server processes whose data directory lies under the root: what teardown must have stopped. */
    public static List<String> serverProcesses(Path clustersRoot) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ps", "-eo", "args");
        Process p = pb.start();
        String all = new String(p.getInputStream().readAllBytes());
        return all.lines().filter(l -> l.contains(clustersRoot.toString()) && l.contains("postgres")).toList();
    }

    public static String config(Path stateDir, Path clustersDir, String extra) {
        return "stateDir: " + stateDir + "\nclustersDir: " + clustersDir + "\n" + extra;
    }

    public static Path writeConfig(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("opsctl.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
