package com.silenttalk.automation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verification of a restored database over JDBC, as the AWS and Azure drills run it, against a real throwaway
 * PostgreSQL 15 on 127.0.0.1. The runners' credential lookups have their own tests beside them.
 */
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

    /** The lookup stands for Secrets Manager or Key Vault: it is asked once per inspection, for the instance inspected. */
    static JdbcRestoreInspector inspector(String password, List<RestoredInstance> asked) {
        return new JdbcRestoreInspector(instance -> {
            asked.add(instance);
            return new Credential(Postgres.USER, "ignored-by-the-drill", password.toCharArray(), Map.of());
        }, "prefer");
    }

    static RestoredInstance instance(Postgres.Server pg) {
        return new RestoredInstance("drill-orders-20260301t0200z", "127.0.0.1", pg.port(), "postgres", SECRET, Map.of());
    }

    @Test
    void inspect_whenRestoredDatabaseIsUp_countsEveryTableAndRunsProbesWithTheLookedUpLogin(Postgres.Server pg) {
        List<RestoredInstance> asked = new ArrayList<>();

        DatabaseFacts facts = inspector(Postgres.PASSWORD, asked).inspect(instance(pg), List.of(
                new SqlProbe("senders", "SELECT count(DISTINCT sender) FROM public.messages", "40"),
                new SqlProbe("broken", "SELECT nope FROM public.users", "x")));

        assertThat(asked).containsExactly(instance(pg));
        assertThat(facts.rowCounts()).containsEntry("public.users", 40L).containsEntry("public.messages", 250L);
        assertThat(facts.probeResults()).containsEntry("senders", "40");
        assertThat(facts.probeResults().get("broken")).startsWith("error: 42703");
        assertThat(facts.schemaFingerprint()).matches("[0-9a-f]{64}");
        assertThat(facts.tlsUsed()).isFalse(); // the throwaway server offers no TLS; RDS and Flexible Server do, and production requires it
    }

    @Test
    void inspect_whenSchemaChanges_changesTheFingerprint(Postgres.Server pg) throws Exception {
        String before = inspector(Postgres.PASSWORD, new ArrayList<>()).inspect(instance(pg), List.of()).schemaFingerprint();
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS messages_body ON public.messages (body)");
        }
        try {
            String after = inspector(Postgres.PASSWORD, new ArrayList<>()).inspect(instance(pg), List.of()).schemaFingerprint();
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

        assertThatThrownBy(() -> inspector(wrong, new ArrayList<>()).inspect(instance(pg), List.of()))
                .hasMessageContaining("drill-orders-20260301t0200z").hasMessageContaining("28P01")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(wrong);
                    assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                });
    }

    @Test
    void inspect_whenTheLookupFails_passesItsFailureOnUnchanged(Postgres.Server pg) {
        JdbcRestoreInspector inspector = new JdbcRestoreInspector(instance -> {
            throw new IllegalStateException("restored instance " + instance.name() + " names no credentials secret");
        }, "prefer");

        assertThatThrownBy(() -> inspector.inspect(instance(pg), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("restored instance drill-orders-20260301t0200z names no credentials secret");
    }

    @Test
    void requiredActions_whenAsked_areTheLookupsOwn() {
        RestoreCredentials lookup = new RestoreCredentials() {
            @Override
            public Credential credentialFor(RestoredInstance instance) {
                throw new AssertionError("not asked for a login here");
            }

            @Override
            public List<String> requiredActions() {
                return List.of("secretsmanager:GetSecretValue");
            }
        };

        assertThat(new JdbcRestoreInspector(lookup, "require").requiredActions()).containsExactly("secretsmanager:GetSecretValue");
    }
}
