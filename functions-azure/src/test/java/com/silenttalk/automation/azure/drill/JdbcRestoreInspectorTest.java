package com.silenttalk.automation.azure.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.postgres.testing.Postgres;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verification of a restored server over JDBC, against a real throwaway PostgreSQL 15 on 127.0.0.1. */
@ExtendWith(Postgres.class)
class JdbcRestoreInspectorTest {
    static final String SECRET = "https://st-ops-kv.vault.azure.net/secrets/drill-admin";

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

    /** The password source stands for Key Vault: it must be asked for exactly the instance's secret URI. */
    static JdbcRestoreInspector inspector(String password, List<String> asked) {
        return new JdbcRestoreInspector(uri -> {
            asked.add(uri);
            return password.toCharArray();
        }, "prefer");
    }

    static RestoredInstance instance(Postgres.Server pg) {
        return new RestoredInstance("drill-orders-20260301t0200z", "127.0.0.1", pg.port(), "postgres", SECRET,
                Map.of("user", Postgres.USER, "region", "westeurope"));
    }

    @Test
    void inspect_whenRestoredServerIsUp_countsEveryTableAndRunsProbesWithTheKeyVaultPassword(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();

        DatabaseFacts facts = inspector(Postgres.PASSWORD, asked).inspect(instance(pg), List.of(
                new SqlProbe("senders", "SELECT count(DISTINCT sender) FROM public.messages", "40"),
                new SqlProbe("broken", "SELECT nope FROM public.users", "x")));

        assertThat(asked).containsExactly(SECRET);
        assertThat(facts.rowCounts()).containsEntry("public.users", 40L).containsEntry("public.messages", 250L);
        assertThat(facts.probeResults()).containsEntry("senders", "40");
        assertThat(facts.probeResults().get("broken")).startsWith("error: 42703");
        assertThat(facts.schemaFingerprint()).matches("[0-9a-f]{64}");
        assertThat(facts.tlsUsed()).isFalse(); // the throwaway server offers no TLS; Flexible Server does, and production requires it
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
    void inspect_whenPasswordIsWrong_failsNamingTheServerButNeverThePassword(Postgres.Server pg) {
        String wrong = "wrong-password-must-not-appear";

        assertThatThrownBy(() -> inspector(wrong, new ArrayList<>()).inspect(instance(pg), List.of()))
                .hasMessageContaining("drill-orders-20260301t0200z").hasMessageContaining("28P01")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(wrong);
                    assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                });
    }

    @Test
    void inspect_whenTheServerReportsNoLogin_failsBeforeAskingKeyVault(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();
        RestoredInstance noLogin = new RestoredInstance("drill-x", "127.0.0.1", pg.port(), "postgres", SECRET, Map.of());

        assertThatThrownBy(() -> inspector(Postgres.PASSWORD, asked).inspect(noLogin, List.of()))
                .hasMessageContaining("administrator login");
        assertThat(asked).isEmpty();
    }
}
