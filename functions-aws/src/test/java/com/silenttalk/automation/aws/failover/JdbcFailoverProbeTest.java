package com.silenttalk.automation.aws.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.postgres.FailoverChecks;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The failover's JDBC write probe and lag probe on a real throwaway PostgreSQL 15, with Secrets Manager-shaped credentials. */
@ExtendWith(Postgres.class)
class JdbcFailoverProbeTest {
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-app-db-AbCdEf";
    static final RdsTopology.Node NODE = new RdsTopology.Node("eu-central-1", "silenttalk-db-dr");

    @BeforeAll
    static void readOnlyDatabase(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS fenced");
            s.execute("CREATE DATABASE fenced");
            s.execute("ALTER DATABASE fenced SET default_transaction_read_only = on");
        }
    }

    static JdbcFailoverProbe probe(Postgres.Server pg, String database, String password) {
        InMemorySecretStore secrets = new InMemorySecretStore(SECRET, "v1",
                new Credential(Postgres.USER, "db.silenttalk.example", password.toCharArray(), Map.of("port", "5432")));
        return new JdbcFailoverProbe(secrets, SECRET, database, "prefer", node -> {
            assertThat(node).isEqualTo(NODE);
            return new RdsEndpoints.Endpoint("127.0.0.1", pg.port());
        });
    }

    @Test
    void writeAndReadBack_whenTheNodeIsWritable_leavesOneMoreProbeRow(Postgres.Server pg) throws Exception {
        long before = probeRows(pg);

        probe(pg, "postgres", Postgres.PASSWORD).writeAndReadBack(NODE);

        assertThat(probeRows(pg)).isEqualTo(before + 1);
    }

    @Test
    void writeAndReadBack_whenTheNodeIsReadOnly_failsNamingTheNodeAndState(Postgres.Server pg) {
        assertThatThrownBy(() -> probe(pg, "fenced", Postgres.PASSWORD).writeAndReadBack(NODE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silenttalk-db-dr (127.0.0.1:" + pg.port() + ") does not accept writes: 25006")
                .message().doesNotContain(Postgres.PASSWORD);
    }

    @Test
    void writeAndReadBack_whenTheLoginIsWrong_neverShowsThePassword(Postgres.Server pg) {
        String wrong = "wrong-password-must-not-leak-123";

        assertThatThrownBy(() -> probe(pg, "postgres", wrong).writeAndReadBack(NODE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("28P01")
                .message().doesNotContain(wrong).doesNotContain(Postgres.PASSWORD);
    }

    @Test
    void replicaLag_whenTheNodeIsAPrimary_isZero_andUnreachableIsUnknown(Postgres.Server pg) {
        assertThat(probe(pg, "postgres", Postgres.PASSWORD).replicaLag(NODE)).isEqualTo(Duration.ZERO);
        assertThat(probe(pg, "postgres", "wrong-password-xyz").replicaLag(NODE)).isNull();
    }

    @Test
    void reach_whenTheServerAnswers_isReachedEvenIfItRefusesTheLogin_andWritesNothing(Postgres.Server pg) throws Exception {
        long before = probeRows(pg);
        String wrong = "wrong-password-must-not-leak-456";

        JdbcFailoverProbe.Reach reached = probe(pg, "postgres", Postgres.PASSWORD).reach(NODE);
        JdbcFailoverProbe.Reach refused = probe(pg, "postgres", wrong).reach(NODE);

        assertThat(reached).isEqualTo(new JdbcFailoverProbe.Reach(true, "connected"));
        assertThat(refused.reachable()).isTrue();
        assertThat(refused.detail()).startsWith("28P01").doesNotContain(wrong).doesNotContain(Postgres.PASSWORD);
        assertThat(probeRows(pg)).isEqualTo(before);
    }

    static long probeRows(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + FailoverChecks.PROBE_TABLE + " (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + FailoverChecks.PROBE_TABLE)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
