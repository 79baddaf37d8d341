package com.silenttalk.automation.aws.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The drill's login from Secrets Manager, used by postgres.JdbcRestoreInspector against a real throwaway PostgreSQL 15. */
@ExtendWith(Postgres.class)
class SecretsManagerRestoreCredentialsTest {
    static final String SECRET = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-master-AbCdEf";

    /** The store stands for Secrets Manager of the ARN's region: it must be asked for exactly the instance's ARN. */
    static SecretsManagerRestoreCredentials credentials(String password, List<String> asked) {
        InMemorySecretStore secrets = new InMemorySecretStore(SECRET, "v1",
                new Credential(Postgres.USER, "ignored-by-the-drill", password.toCharArray(), Map.of()));
        return new SecretsManagerRestoreCredentials(arn -> {
            asked.add(arn);
            return secrets;
        });
    }

    static RestoredInstance instance(Postgres.Server pg, String secretArn) {
        return new RestoredInstance("drill-orders-20260301t0200z", "127.0.0.1", pg.port(), "postgres", secretArn, Map.of());
    }

    @Test
    void inspect_whenRestoredDatabaseIsUp_logsInWithSecretsManagerCredentials(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();

        DatabaseFacts facts = new JdbcRestoreInspector(credentials(Postgres.PASSWORD, asked), "prefer").inspect(
                instance(pg, SECRET), List.of(new SqlProbe("login", "SELECT current_user", Postgres.USER)));

        assertThat(asked).containsExactly(SECRET);
        assertThat(facts.probeResults()).containsEntry("login", Postgres.USER);
        assertThat(facts.schemaFingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void inspect_whenPasswordIsWrong_failsNamingTheInstanceButNeverThePassword(Postgres.Server pg) {
        String wrong = "wrong-password-must-not-appear";
        JdbcRestoreInspector inspector = new JdbcRestoreInspector(credentials(wrong, new ArrayList<>()), "prefer");

        assertThatThrownBy(() -> inspector.inspect(instance(pg, SECRET), List.of()))
                .hasMessageContaining("drill-orders-20260301t0200z").hasMessageContaining("28P01")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(wrong);
                    assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                });
    }

    @Test
    void credentialFor_whenTheInstanceNamesNoSecret_failsBeforeAskingSecretsManager(Postgres.Server pg) {
        List<String> asked = new ArrayList<>();

        assertThatThrownBy(() -> credentials(Postgres.PASSWORD, asked).credentialFor(instance(pg, " ")))
                .hasMessage("restored instance drill-orders-20260301t0200z names no credentials secret");
        assertThat(asked).isEmpty();
    }

    @Test
    void requiredActions_whenAsked_isReadingTheSecret() {
        assertThat(new JdbcRestoreInspector(credentials(Postgres.PASSWORD, new ArrayList<>()), "require").requiredActions())
                .containsExactly("secretsmanager:GetSecretValue");
    }
}
