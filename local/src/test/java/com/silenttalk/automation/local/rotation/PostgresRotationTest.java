package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** opsctl rotate against a real PostgreSQL server: both strategies, faults, replays, an unreachable target. */
class PostgresRotationTest {
    static final char[] OLD = "initial-Password-0123456789abcd".toCharArray();
    static final String[] STEPS = {"createSecret", "setSecret", "testSecret", "finishSecret"};

    @TempDir
    static Path clusters;
    static ThrowawayCluster cluster;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters.resolve("c"), "rotation");
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    @Test
    void rotate_whenSingleUser_newPasswordWorksOldStopsAndTlsIsRequired() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "su", OLD);
        assertThat(cluster.handle().tls()).as("the throwaway cluster offers TLS (openssl is installed by install-test-deps)").isTrue();
        assertThat(db.targetUrl()).endsWith("sslmode=require");
        init(db, "secret.json");
        byte[] before = Files.readAllBytes(work.resolve("secret.json"));

        OpsctlRun dry = rotate(db, "secret.json", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.stdout()).contains("would createSecret: new 32-character password for user 'su_app'");
        assertThat(Files.readAllBytes(work.resolve("secret.json"))).isEqualTo(before);

        OpsctlRun run = rotate(db, "secret.json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().lines()).containsExactly("createSecret: created (user su_app)", "setSecret: set (user su_app)",
                "testSecret: tested (user su_app)", "finishSecret: promoted (user su_app)");
        Credential current = current("secret.json");
        assertThat(db.logsIn("su_app", current.password())).isTrue();
        assertThat(db.logsIn("su_app", OLD)).isFalse();
        assertThat(Files.getPosixFilePermissions(work.resolve("secret.json"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void rotate_whenAlternatingUsers_appConnectionKeepsWorkingAndOldLoginLastsOneRotation() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "alt", OLD);
        init(db, "secret.json");
        try (Connection app = db.connectAs("alt_app", OLD)) {
            String token = "aaaaaaaa-0000-0000-0000-000000000001";
            int id = 100;
            for (String step : STEPS) {
                OpsctlRun r = rotate(db, "secret.json", "--strategy", "alternating-users", "--step", step, "--token", token);
                assertThat(r.exitCode()).as(r.toString()).isZero();
                insert(app, id++);
                assertThat(db.logsIn("alt_app", OLD)).as("current login after " + step).isTrue();
            }
            Credential first = current("secret.json");
            assertThat(first.username()).isEqualTo("alt_app_clone");
            try (Connection clone = db.connectAs("alt_app_clone", first.password())) {
                insert(clone, 200);
                db.adminIn(db.database, "CREATE TABLE public.later (id int)", "ALTER TABLE public.later OWNER TO alt_owner");
                // new tables reach the twin through the owner's default privileges, exactly as they reach app
                try (Statement s = clone.createStatement()) {
                    s.executeQuery("SELECT count(*) FROM public.later").close();
                }
            }

            OpsctlRun second = rotate(db, "secret.json", "--strategy", "alternating-users");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            Credential again = current("secret.json");
            assertThat(again.username()).isEqualTo("alt_app");
            assertThat(db.logsIn("alt_app", again.password())).isTrue();
            assertThat(db.logsIn("alt_app", OLD)).as("the login from two rotations ago").isFalse();
            assertThat(db.logsIn("alt_app_clone", first.password())).as("the previous login still works").isTrue();
            insert(app, id); // an open session outlives password changes
        }
    }

    @Test
    void rotate_whenAppHasRoleSettingsAndAttributes_theTwinGetsThemToo() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "cfg", OLD);
        db.admin("ALTER ROLE cfg_app SET search_path TO app_schema, public",
                "ALTER ROLE cfg_app IN DATABASE cfg_db SET statement_timeout TO '5s'",
                "ALTER ROLE cfg_app CONNECTION LIMIT 20");
        init(db, "secret.json");

        OpsctlRun run = rotate(db, "secret.json", "--strategy", "alternating-users");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Credential clone = current("secret.json");
        assertThat(clone.username()).isEqualTo("cfg_app_clone");
        try (Connection c = db.connectAs("cfg_app_clone", clone.password()); Statement s = c.createStatement()) {
            assertThat(show(s, "SHOW search_path")).isEqualTo("app_schema, public");
            assertThat(show(s, "SHOW statement_timeout")).isEqualTo("5s");
            assertThat(show(s, "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'cfg_app_clone'")).isEqualTo("20");
        }
    }

    private static String show(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void rotate_whenAppOwnsATableDirectly_testFailsAndCurrentStays() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "drift", OLD);
        db.adminIn(db.database, "ALTER TABLE public.audit OWNER TO drift_app");
        init(db, "secret.json");
        Credential before = current("secret.json");

        OpsctlRun run = rotate(db, "secret.json", "--strategy", "alternating-users");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).contains("testSecret").doesNotContain("internal")
                .contains("drift_app owns directly (give ownership to a group role both are members of): owns:table:public.audit");
        assertThat(current("secret.json").sameAs(before)).isTrue();
        assertThat(db.logsIn("drift_app", OLD)).isTrue();
    }

    @ParameterizedTest(name = "{0}, killed after step {1}")
    @CsvSource({"single-user,1", "single-user,2", "single-user,3", "single-user,4",
            "alternating-users,1", "alternating-users,2", "alternating-users,3", "alternating-users,4"})
    void rotate_whenKilledAfterAStepAndEveryStepReplayed_promotesOnceAndAcceptsOnlyWhatTheStrategyAllows(String strategy, int killedAfter)
            throws Exception {
        String prefix = "k" + (strategy.startsWith("single") ? "s" : "a") + killedAfter;
        RotationDatabase db = new RotationDatabase(cluster, prefix, OLD);
        init(db, "secret.json");
        String initialVersion = describe("secret.json").versionWith(Stage.CURRENT).orElseThrow();
        String token = "bbbbbbbb-0000-0000-0000-00000000000" + killedAfter;
        for (int i = 0; i < killedAfter; i++) {
            // each opsctl run is a fresh process state: only the files survive, as after a kill
            OpsctlRun r = rotate(db, "secret.json", "--strategy", strategy, "--step", STEPS[i], "--token", token);
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        for (int i = 0; i < STEPS.length; i++) {
            int times = 1 + (killedAfter + i) % 3;
            for (int n = 0; n < times; n++) {
                OpsctlRun r = rotate(db, "secret.json", "--strategy", strategy, "--step", STEPS[i], "--token", token);
                assertThat(r.exitCode()).as(r.toString()).isZero();
            }
        }

        SecretDescription secret = describe("secret.json");
        assertThat(secret.versionStages()).containsOnlyKeys(initialVersion, token);
        assertThat(secret.stagesOf(token)).containsExactly(Stage.CURRENT);
        assertThat(secret.stagesOf(initialVersion)).containsExactly(Stage.PREVIOUS);
        Credential current = current("secret.json");
        assertThat(db.logsIn(current.username(), current.password())).isTrue();
        assertThat(db.logsIn(prefix + "_app", OLD)).isEqualTo(strategy.equals("alternating-users"));
        assertThat(ledgerOutcomes()).containsOnly("SUCCEEDED").hasSize(4);
    }

    @Test
    void rotate_whenTargetUnreachableDuringSetOrTest_failsKeepsCurrentAndAppStillConnects() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "down", OLD);
        try (SwitchableProxy proxy = new SwitchableProxy(cluster.handle().port())) {
            String viaProxy = "postgresql://127.0.0.1:" + proxy.port() + "/" + db.database;
            String admin = "postgresql://opsctl@127.0.0.1:" + proxy.port() + "/" + db.database;
            Map<String, String> env = Map.of("OPSCTL_ROTATE_INITIAL_PASSWORD", new String(OLD), "OPSCTL_ROTATE_ADMIN_PASSWORD", db.adminPassword());
            List<String> common = List.of("rotate", "--target", viaProxy, "--store", "file:secret.json", "--ledger", "ledger",
                    "--strategy", "alternating-users", "--admin-url", admin, "--token", "cccccccc-0000-0000-0000-000000000001");
            assertThat(OpsctlRun.in(work, env, "rotate", "--target", viaProxy, "--store", "file:secret.json", "--init-user", "down_app").exitCode()).isZero();
            Credential before = current("secret.json");
            assertThat(run(env, common, "--step", "createSecret").exitCode()).isZero();

            proxy.down();
            OpsctlRun set = run(env, common, "--step", "setSecret");
            assertThat(set.exitCode()).as(set.toString()).isEqualTo(3);
            assertThat(set.stderr()).startsWith("opsctl rotate: target unreachable in setSecret: ");
            assertThat(current("secret.json").sameAs(before)).isTrue();
            assertThat(db.logsIn("down_app", OLD)).as("the app, connecting directly, is unaffected").isTrue();

            proxy.up();
            assertThat(run(env, common, "--step", "setSecret").exitCode()).isZero();
            proxy.down();
            OpsctlRun test = run(env, common, "--step", "testSecret");
            assertThat(test.exitCode()).as(test.toString()).isEqualTo(3);
            assertThat(current("secret.json").sameAs(before)).isTrue();
            assertThat(db.logsIn("down_app", OLD)).isTrue();

            proxy.up();
            assertThat(run(env, common, "--step", "testSecret").exitCode()).isZero();
            assertThat(run(env, common, "--step", "finishSecret").exitCode()).isZero();
            assertThat(current("secret.json").username()).isEqualTo("down_app_clone");
        }
    }

    @Test
    void rotate_whenSecretPointsElsewhereOrStoreIsNotALocation_isRefusedAsBadInput() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "bad", OLD);
        init(db, "secret.json");
        OpsctlRun elsewhere = OpsctlRun.in(work, Map.of(), "rotate", "--target", "postgresql://127.0.0.1:1/bad_db",
                "--store", "file:secret.json", "--ledger", "ledger");
        OpsctlRun aws = OpsctlRun.in(work, Map.of(), "rotate", "--target", db.targetUrl(), "--store", "aws");
        OpsctlRun passwordInUrl = OpsctlRun.in(work, Map.of(), "rotate", "--target", "postgresql://u:p@127.0.0.1/x", "--store", "file:s.json");

        assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isEqualTo(2);
        assertThat(elsewhere.stderr()).contains("--target: the secret logs in to 127.0.0.1:" + cluster.handle().port());
        assertThat(aws.exitCode()).isEqualTo(2);
        assertThat(aws.stderr()).contains("--store: must be file:PATH, aws:SECRET-ID-OR-ARN or azure:https://VAULT/secrets/NAME");
        assertThat(passwordInUrl.exitCode()).isEqualTo(2);
        assertThat(describe("secret.json").versionStages()).hasSize(1);
    }

    private OpsctlRun run(Map<String, String> env, List<String> common, String... extra) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(extra));
        return OpsctlRun.in(work, env, args.toArray(String[]::new));
    }

    private void init(RotationDatabase db, String file) {
        OpsctlRun r = OpsctlRun.in(work, Map.of("OPSCTL_ROTATE_INITIAL_PASSWORD", new String(OLD)),
                "rotate", "--target", db.targetUrl(), "--store", "file:" + file, "--init-user", db.app);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private OpsctlRun rotate(RotationDatabase db, String file, String... extra) {
        List<String> args = new ArrayList<>(List.of("rotate", "--target", db.targetUrl(), "--store", "file:" + file, "--ledger", "ledger",
                "--admin-url", db.adminUrl()));
        args.addAll(List.of(extra));
        Map<String, String> env = new HashMap<>();
        env.put("OPSCTL_ROTATE_ADMIN_PASSWORD", db.adminPassword());
        return OpsctlRun.in(work, env, args.toArray(String[]::new));
    }

    private Credential current(String file) {
        FileSecretStore store = new FileSecretStore(work.resolve(file), Clock.systemUTC());
        return store.valueAt(store.secretId(), Stage.CURRENT).orElseThrow();
    }

    private SecretDescription describe(String file) {
        FileSecretStore store = new FileSecretStore(work.resolve(file), Clock.systemUTC());
        return store.describe(store.secretId());
    }

    private List<String> ledgerOutcomes() throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (var files = Files.list(work.resolve("ledger"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                outcomes.add(com.silenttalk.automation.local.LocalJson.MAPPER.readTree(f.toFile()).get("outcome").asText());
            }
        }
        return outcomes;
    }

    private static void insert(Connection c, int id) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO public.messages VALUES (" + id + ", 'during rotation')");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM public.audit")) {
                r.next();
            }
        }
    }
}
