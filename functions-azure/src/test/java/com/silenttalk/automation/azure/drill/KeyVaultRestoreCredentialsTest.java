package com.silenttalk.automation.azure.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The drill's login from the restore's administrator and Key Vault, used by postgres.JdbcRestoreInspector against a real throwaway PostgreSQL 15. */
@ExtendWith(Postgres.class)
class KeyVaultRestoreCredentialsTest {
    static final String SECRET = "https://st-ops-kv.vault.azure.net/secrets/drill-admin";

    /** The password source stands for Key Vault: it must be asked for exactly the instance's secret URI. */
    static JdbcRestoreInspector inspector(String password, List<String> asked) {
        return new JdbcRestoreInspector(new KeyVaultRestoreCredentials(uri -> {
            asked.add(uri);
            return password.toCharArray();
        }), "prefer");
    }

    static RestoredInstance instance(Postgres.Server pg) {
        return new RestoredInstance("drill-orders-20260301t0200z", "127.0.0.1", pg.port(), "postgres", SECRET,
                Map.of("user", Postgres.USER, "region", "westeurope"));
    }

    @Test
    void inspect_whenRestoredServerIsUp_logsInWithTheKeyVaultPassword(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();

        DatabaseFacts facts = inspector(Postgres.PASSWORD, asked).inspect(instance(pg),
                List.of(new SqlProbe("login", "SELECT current_user", Postgres.USER)));

        assertThat(asked).containsExactly(SECRET);
        assertThat(facts.probeResults()).containsEntry("login", Postgres.USER);
        assertThat(facts.schemaFingerprint()).matches("[0-9a-f]{64}");
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

    @Test
    void inspect_whenTheServerNamesNoSecret_failsBeforeAskingKeyVault(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();
        RestoredInstance noSecret = new RestoredInstance("drill-x", "127.0.0.1", pg.port(), "postgres", null,
                Map.of("user", Postgres.USER));

        assertThatThrownBy(() -> inspector(Postgres.PASSWORD, asked).inspect(noSecret, List.of()))
                .hasMessage("restored server drill-x names no credentials secret");
        assertThat(asked).isEmpty();
    }

    @Test
    void credentialFor_whenKeyVaultAnswers_wipesTheCharactersItWasGiven() {
        char[] given = "from-key-vault".toCharArray();
        KeyVaultRestoreCredentials credentials = new KeyVaultRestoreCredentials(uri -> given);

        char[] password = credentials.credentialFor(new RestoredInstance("drill-x", "127.0.0.1", 5432, "postgres", SECRET,
                Map.of("user", "st_admin"))).password();

        assertThat(new String(password)).isEqualTo("from-key-vault");
        assertThat(given).containsOnly('\0');
    }
}
