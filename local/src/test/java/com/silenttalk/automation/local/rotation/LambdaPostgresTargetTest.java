package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.postgres.PostgresRoleTarget;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda's PostgreSQL target (functions-aws, aws.rotation) on a real server: opsctl's tree has the
 * throwaway clusters, and opsctl already depends on functions-aws for {@code opsctl invoke}.
 */
class LambdaPostgresTargetTest {
    static final char[] OLD = "lambda-Initial-Password-0123456".toCharArray();

    @TempDir
    static Path clusters;
    static ThrowawayCluster cluster;

    @BeforeAll
    static void startServer() {
        cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters.resolve("c"), "lambda-target");
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    PostgresRoleTarget target(String database, String sslMode) {
        return new PostgresRoleTarget(new PostgresRoleTarget.Server("127.0.0.1", cluster.handle().port(), database, sslMode));
    }

    Credential admin(String database) {
        return new Credential(cluster.handle().superuser(), "127.0.0.1", ThrowawayCluster.readPassword(cluster.handle().passwordFile()),
                Map.of("engine", "postgres", "dbname", database));
    }

    @Test
    void rotate_whenAlternatingUsersTwiceOverTls_twinsStayIdenticalAndThePreviousLoginLastsOneRotation() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "lam", OLD);
        Credential initial = new Credential("lam_app", "127.0.0.1", OLD, Map.of("engine", "postgres", "port",
                Integer.toString(cluster.handle().port()), "dbname", db.database, "masterarn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:master"));
        InMemorySecretStore store = new InMemorySecretStore("app", "v1", initial);
        PostgresRoleTarget target = target(db.database, "require");
        RotateSecret rotation = new RotateSecret(store, c -> target, new PasswordGenerator(new SecureRandom()), c -> admin(db.database),
                RotationStrategy.AlternatingUsers.forPrimary("lam_app"), PasswordPolicy.defaults(), new InMemoryRunLedger(), Clock.systemUTC());

        for (String token : new String[] {"t1", "t2"}) {
            store.beginVersion("app", token);
            for (RotationStep step : RotationStep.values()) {
                rotation.step(new RotationEvent("app", token, step));
            }
        }

        Credential current = store.valueAt("app", Stage.CURRENT).orElseThrow();
        Credential previous = store.valueAt("app", Stage.PREVIOUS).orElseThrow();
        assertThat(current.username()).isEqualTo("lam_app");
        assertThat(previous.username()).isEqualTo("lam_app_clone");
        assertThat(db.logsIn("lam_app", current.password())).isTrue();
        assertThat(db.logsIn("lam_app_clone", previous.password())).isTrue();
        assertThat(db.logsIn("lam_app", OLD)).isFalse();
        assertThat(target.profile(admin(db.database), "lam_app").driftFrom(target.profile(admin(db.database), "lam_app_clone"))).isEmpty();
        assertThat(target.profile(admin(db.database), "lam_app").entries()).contains("member:lam_owner",
                "grant:table:public.messages:INSERT", "defaultgrant:lam_owner:public:TABLES:SELECT");
    }

    @Test
    void setPassword_whenSingleUser_changesOnlyThatRoleAndNeverTheStatementText() {
        RotationDatabase db;
        try {
            db = new RotationDatabase(cluster, "lsu", OLD);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        PostgresRoleTarget target = target(db.database, "require");
        Credential current = new Credential("lsu_app", "127.0.0.1", OLD, Map.of());
        char[] next = "lambda-Next-Password-0123456789".toCharArray();

        target.setPassword(current, "lsu_app", next.clone(), Optional.of(current));

        assertThat(target.tryLogin(current)).isEqualTo(Login.REJECTED);
        assertThat(target.tryLogin(current.withUserAndPassword("lsu_app", next))).isEqualTo(Login.ACCEPTED);
        assertThatThrownBy(() -> target.setPassword(current, "lsu_app", "x-Password-0123456789abcdefgh".toCharArray(), Optional.empty()))
                .isInstanceOf(RotationFailedException.class)
                .message().doesNotContain(new String(OLD)).doesNotContain("x-Password-0123456789abcdefgh").doesNotContain("ALTER");
    }

    @Test
    void tryLogin_whenNothingListens_isUnreachable() {
        PostgresRoleTarget nowhere = new PostgresRoleTarget(new PostgresRoleTarget.Server("127.0.0.1", 1, "postgres", "require"));

        assertThatThrownBy(() -> nowhere.tryLogin(new Credential("app", "127.0.0.1", OLD, Map.of())))
                .isInstanceOf(TargetUnreachableException.class).message().doesNotContain(new String(OLD));
    }
}
