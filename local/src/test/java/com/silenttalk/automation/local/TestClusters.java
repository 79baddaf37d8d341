package com.silenttalk.automation.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Watches the postmasters of the clusters under a root while something runs: every pid their
     * {@code postmaster.pid} files named, with its start time (so that a reused pid is not taken for it).
     */
    public static PostmasterWatch watchPostmasters(Path clustersRoot) {
        PostmasterWatch watch = new PostmasterWatch(clustersRoot);
        watch.start();
        return watch;
    }

    public static final class PostmasterWatch extends Thread implements AutoCloseable {
        private final Path clustersRoot;
        private final Map<Long, String> seen = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        private PostmasterWatch(Path clustersRoot) {
            this.clustersRoot = clustersRoot;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            try (Stream<Path> clusters = Files.isDirectory(clustersRoot) ? Files.list(clustersRoot) : Stream.empty()) {
                for (Path cluster : clusters.toList()) {
                    List<String> lines = Files.readAllLines(cluster.resolve("data").resolve("postmaster.pid"));
                    if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                        long pid = Long.parseLong(lines.get(0).strip());
                        if (pid > 0) { // negative: initdb's single-user backend, initdb's own child
                            seen.computeIfAbsent(pid, p -> startTime(p).orElse(""));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a cluster appearing or going between the listing and the read: the next sample sees it
            }
        }

        /** The pids seen. */
        public Set<Long> pids() {
            return Set.copyOf(seen.keySet());
        }

        /**
         * The postmasters seen that still exist, zombies included ("pid 123 state Z parent 1"): a stopped
         * server nobody reaped is one of these until pid 1 gets to it.
         */
        public List<String> lingering() {
            List<String> left = new ArrayList<>();
            seen.forEach((pid, started) -> {
                Optional<String> now = startTime(pid);
                if (now.isPresent() && now.get().equals(started)) {
                    left.add(describe(pid));
                }
            });
            return left;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            join();
        }

        /** Fields after the command in /proc/PID/stat: state is the first, the parent the second, the start time the 20th. */
        private static Optional<String[]> stat(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static Optional<String> startTime(long pid) {
            return stat(pid).map(f -> f[19]);
        }

        private static String describe(long pid) {
            return stat(pid).map(f -> "pid " + pid + " state " + f[0] + " parent " + f[1]).orElse("pid " + pid + " gone");
        }
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
