package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a rotation can write: opsctl's stdout and stderr, the process's System.out and System.err,
 * every java.util.logging / System.Logger record at every level (the JDBC driver's included), the ledger
 * and the messages of failures. Neither the old, nor any new, nor the admin password may appear.
 */
class RotationSecretsNeverLeakTest {
    static final char[] OLD = "leak-check-Original-Password-42".toCharArray();

    @TempDir
    Path work;

    @Test
    void rotate_whenRunFullyAndWhenFailing_neverPrintsLogsOrRecordsAPassword() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    sb.append(' ').append(w);
                }
                synchronized (logged) {
                    logged.add(sb.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger driver = Logger.getLogger("org.postgresql");
        Level rootLevel = root.getLevel();
        Level driverLevel = driver.getLevel();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream processOut = new ByteArrayOutputStream();
        List<OpsctlRun> runs = new ArrayList<>();
        List<String> passwords = new ArrayList<>(List.of(new String(OLD)));
        Path store = work.resolve("secret.json");
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        driver.setLevel(Level.FINEST);
        System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(processOut, true, StandardCharsets.UTF_8));
        try (ThrowawayCluster cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), work.resolve("clusters"), "leak")) {
            RotationDatabase db = new RotationDatabase(cluster, "leak", OLD);
            passwords.add(db.adminPassword());
            Map<String, String> env = Map.of("OPSCTL_ROTATE_INITIAL_PASSWORD", new String(OLD), "OPSCTL_ROTATE_ADMIN_PASSWORD", db.adminPassword());
            String[] rotate = {"rotate", "--target", db.targetUrl(), "--store", "file:secret.json", "--ledger", "ledger",
                    "--strategy", "alternating-users", "--admin-url", db.adminUrl()};
            runs.add(OpsctlRun.in(work, env, concat(rotate, "--init-user", db.app)));
            runs.add(OpsctlRun.in(work, env, concat(rotate, "--dry-run")));
            runs.add(OpsctlRun.in(work, env, rotate));
            passwords.add(new String(current(store).password()));
            runs.add(OpsctlRun.in(work, env, rotate));
            passwords.add(new String(current(store).password()));
            // failures: a wrong admin password, then drift (the app owns a table), then the server gone
            runs.add(OpsctlRun.in(work, Map.of("OPSCTL_ROTATE_ADMIN_PASSWORD", db.adminPassword() + "-wrong"), rotate));
            db.adminIn(db.database, "ALTER TABLE public.audit OWNER TO leak_app");
            runs.add(OpsctlRun.in(work, env, concat(rotate, "--repair")));
            runs.add(OpsctlRun.in(work, env, rotate));
            db.adminIn(db.database, "ALTER TABLE public.audit OWNER TO leak_owner");
            cluster.close();
            runs.add(OpsctlRun.in(work, env, concat(rotate, "--repair")));
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            root.removeHandler(capture);
            root.setLevel(rootLevel);
            driver.setLevel(driverLevel);
        }

        assertThat(runs.get(2).exitCode()).as(runs.get(2).toString()).isZero();
        assertThat(runs.get(3).exitCode()).as(runs.get(3).toString()).isZero();
        assertThat(runs.get(4).exitCode()).as("wrong admin password: " + runs.get(4)).isEqualTo(1);
        assertThat(runs.get(6).exitCode()).as("drift: " + runs.get(6)).isEqualTo(1);
        assertThat(runs.get(7).exitCode()).as("server gone: " + runs.get(7)).isEqualTo(3);
        assertThat(logged).as("the driver's JUL records were captured, so the check below can fail").isNotEmpty();
        assertThat(passwords).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(20));

        StringBuilder everything = new StringBuilder(processOut.toString(StandardCharsets.UTF_8));
        runs.forEach(r -> everything.append(r.stdout()).append(r.stderr()));
        logged.forEach(everything::append);
        try (Stream<Path> files = Files.walk(work.resolve("ledger"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.append(Files.readString(f));
            }
        }
        assertThat(everything.length()).isGreaterThan(1000);
        for (String password : passwords) {
            assertThat(everything.toString()).doesNotContain(password);
        }
        assertThat(Files.readString(store)).as("the store itself holds the current password").contains(passwords.get(passwords.size() - 1));
    }

    private static Credential current(Path store) {
        FileSecretStore s = new FileSecretStore(store, Clock.systemUTC());
        return s.valueAt(s.secretId(), Stage.CURRENT).orElseThrow();
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
