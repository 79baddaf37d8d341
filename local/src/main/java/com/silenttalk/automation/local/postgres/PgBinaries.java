package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.local.EnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import com.silenttalk.automation.core.UntrustedText;

/**
 * Where the machine's PostgreSQL programs are: {@code PG_BIN}, then {@code pg_config --bindir},
 * then the newest {@code /usr/lib/postgresql/N/bin}.
 */
public record PgBinaries(Path binDir) {
    public static PgBinaries locate(Map<String, String> env) {
        String explicit = env.get("PG_BIN");
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Path.of(explicit);
            if (!Files.isDirectory(dir)) {
                throw new EnvironmentException("PG_BIN=" + explicit + " is not a directory");
            }
            return new PgBinaries(dir);
        }
        return fromPgConfig().or(PgBinaries::newestDebianInstall)
                .map(PgBinaries::new)
                .orElseThrow(() -> new EnvironmentException(
                        "PostgreSQL binaries not found: set PG_BIN, put pg_config on PATH, or install postgresql (apt-get install postgresql-15)"));
    }

    /** The absolute path of one program, or a clear environment error naming it. */
    public Path tool(String name) {
        Path path = binDir.resolve(name);
        if (!Files.isExecutable(path)) {
            throw new EnvironmentException("PostgreSQL binary " + UntrustedText.quoted(name) + " not found in " + binDir
                    + " (set PG_BIN to the directory that holds initdb, pg_ctl, pg_dump and pg_restore)");
        }
        return path;
    }

    private static Optional<Path> fromPgConfig() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException e) {
            return Optional.empty(); // not on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static Optional<Path> newestDebianInstall() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(PgBinaries::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
