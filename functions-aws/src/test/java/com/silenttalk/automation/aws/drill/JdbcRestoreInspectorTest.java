package com.silenttalk.automation.aws.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.postgres.testing.Postgres;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Postgres.class)
class JdbcRestoreInspectorTest {
    static final String SECRET = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-master-AbCdEf";

    @BeforeAll
    static void dataset(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS public.messages, public.users");
            s.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, handle text NOT NULL UNIQUE)");
            s.execute("CREATE TABLE public.messages (id bigserial PRIMARY KEY, sender bigint NOT NULL REFERENCES public.users(id), body text)");
            s.execute("INSERT INTO public.users SELECT g, 'user' || g FROM generate_series(1, 40) g");
            s.execute("INSERT INTO public.messages (sender, body) SELECT 1 + g % 40, 'hello ' || g FROM generate_series(1, 250) g");
        }
    }

    static JdbcRestoreInspector inspector(String password) {
        InMemorySecretStore secrets = new InMemorySecretStore(SECRET, "v1",
                new Credential(Postgres.USER, "ignored-by-the-drill", password.toCharArray(), Map.of()));
        return new JdbcRestoreInspector(arn -> {
            assertThat(arn).isEqualTo(SECRET);
            return secrets;
        }, "prefer");
    }

    static RestoredInstance instance(Postgres.Server pg) {
        return new RestoredInstance("drill-orders-20260301t0200z", "127.0.0.1", pg.port(), "postgres", SECRET, Map.of());
    }

    @Test
    void inspect_whenRestoredDatabaseIsUp_countsEveryTableAndRunsProbesWithSecretsManagerCredentials(Postgres.Server pg) {
        DatabaseFacts facts = inspector(Postgres.PASSWORD).inspect(instance(pg), List.of(
                new SqlProbe("senders", "SELECT count(DISTINCT sender) FROM public.messages", "40"),
                new SqlProbe("broken", "SELECT nope FROM public.users", "x")));

        assertThat(facts.rowCounts()).containsEntry("public.users", 40L).containsEntry("public.messages", 250L);
        assertThat(facts.probeResults()).containsEntry("senders", "40");
        assertThat(facts.probeResults().get("broken")).startsWith("error: 42703");
        assertThat(facts.schemaFingerprint()).matches("[0-9a-f]{64}");
        assertThat(facts.tlsUsed()).isFalse(); // the throwaway server offers no TLS; RDS does, and production requires it
    }

    @Test
    void inspect_whenSchemaChanges_changesTheFingerprint(Postgres.Server pg) throws Exception {
        String before = inspector(Postgres.PASSWORD).inspect(instance(pg), List.of()).schemaFingerprint();
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS messages_body ON public.messages (body)");
        }
        try {
            String after = inspector(Postgres.PASSWORD).inspect(instance(pg), List.of()).schemaFingerprint();
            assertThat(after).isNotEqualTo(before);
        } finally {
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP INDEX IF EXISTS public.messages_body");
            }
        }
    }

    @Test
    void inspect_whenPasswordIsWrong_failsNamingTheInstanceButNeverThePassword(Postgres.Server pg) {
        String wrong = "wrong-password-must-not-appear";

        assertThatThrownBy(() -> inspector(wrong).inspect(instance(pg), List.of()))
                .hasMessageContaining("drill-orders-20260301t0200z").hasMessageContaining("28P01")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(wrong);
                    assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                });
    }
}
