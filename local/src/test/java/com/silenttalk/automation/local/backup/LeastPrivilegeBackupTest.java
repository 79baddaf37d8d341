package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.FailureKind;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup role with SELECT only (no superuser, no ownership): the drill works; where a full
 * dump needs more (BYPASSRLS for a table with row-level security, SELECT on a large object),
 * it fails before dumping, exit 3, in one line naming the privilege, and never with short counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeBackupTest {
    private static final String BACKUP_PASSWORD = "backup-role-pw-never-logged";
    @TempDir
    static Path work;
    private ThrowawayCluster server;
    private Path clusters;

    @BeforeAll
    void startServer() throws Exception {
        clusters = work.resolve("clusters");
        server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "least-privilege");
        sql("postgres", "CREATE ROLE backup LOGIN PASSWORD '" + BACKUP_PASSWORD + "'", "CREATE ROLE app_reader NOLOGIN");
        for (String db : new String[] {"plain", "rls", "blobs"}) {
            server.createDatabase(db);
            sql(db, "CREATE TABLE notes (id serial PRIMARY KEY, author text, body text)",
                    "INSERT INTO notes (author, body) SELECT 'user' || (g % 7), 'note ' || g FROM generate_series(1, 120) g",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO backup",
                    "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO backup");
        }
        sql("rls", "ALTER TABLE notes ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY own_notes ON notes TO app_reader USING (author = current_user)");
        sql("blobs", "SELECT lo_from_bytea(0, 'a blob only its owner may read'::bytea)");
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    private long sql(String database, String... statements) throws Exception {
        long last = 0;
        try (Connection c = server.endpoint(database).connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                if (s.execute(statement)) {
                    try (ResultSet rs = s.getResultSet()) {
                        rs.next();
                        last = rs.getLong(1);
                    }
                }
            }
        }
        return last;
    }

    private OpsctlRun drill(String database) throws Exception {
        Path dir = work.resolve(database + "-" + System.nanoTime());
        Files.createDirectories(dir);
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, ""));
        return OpsctlRun.in(dir, Map.of("OPSCTL_SOURCE_PASSWORD", BACKUP_PASSWORD), "drill", "--source-url",
                "postgresql://backup@127.0.0.1:" + server.handle().port() + "/" + database);
    }

    private static DrillReport report(OpsctlRun run) throws Exception {
        return LocalJson.MAPPER.readValue(run.stdout(), DrillReport.class);
    }

    @Test
    void drill_whenTheRoleMayOnlySelect_passes() throws Exception {
        OpsctlRun run = drill("plain");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(report(run).tables()).singleElement().satisfies(t -> assertThat(t.restoredRows()).isEqualTo(120));
        assertThat(run.stderr()).doesNotContain(BACKUP_PASSWORD);
    }

    @Test
    void drill_whenATableHasRowLevelSecurityAndTheRoleLacksBypassrls_failsInOneLineNamingIt() throws Exception {
        OpsctlRun run = drill("rls");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        DrillReport report = report(run);
        assertThat(report.failureKind()).isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(report.failedChecks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("snapshot");
            assertThat(c.detail()).doesNotContain("\n")
                    .endsWith("role \"backup\" lacks BYPASSRLS (row-level security is on for public.notes)");
        });
        assertThat(report.tables()).isEmpty();
    }

    @Test
    void drill_whenTheRoleMayBypassRowLevelSecurity_restoresThePolicyWithTheRoleItNames() throws Exception {
        sql("postgres", "ALTER ROLE backup BYPASSRLS");
        try {
            OpsctlRun run = drill("rls");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            DrillReport report = report(run);
            assertThat(report.tables()).singleElement().satisfies(t -> assertThat(t.restoredRows()).isEqualTo(120));
            assertThat(report.checks()).filteredOn(c -> c.name().equals("restore-scope")).extracting(CheckResult::detail)
                    .singleElement().asString().contains("created NOLOGIN, without passwords: app_reader");
        } finally {
            sql("postgres", "ALTER ROLE backup NOBYPASSRLS");
        }
    }

    @Test
    void drill_whenALargeObjectIsNotReadable_failsInOneLineNamingIt() throws Exception {
        long oid = sql("blobs", "SELECT oid FROM pg_largeobject_metadata");

        OpsctlRun run = drill("blobs");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(report(run).failedChecks()).singleElement().extracting(CheckResult::detail).asString()
                .doesNotContain("\n").endsWith("role \"backup\" lacks SELECT on large object " + oid);
    }
}
