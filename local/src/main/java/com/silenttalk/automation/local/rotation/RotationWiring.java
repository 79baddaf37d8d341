package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.azure.rotation.KeyVaultSecretStore;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.AdminCredentials;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.VersionStarter;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The rotation capability's wiring: the secret store an operator names ({@code file:}, {@code aws:}, {@code azure:}),
 * the admin login of an alternating-users rotation, and {@link RotateSecret} over the target, a secure password
 * generator and the file ledger.
 */
public final class RotationWiring {
    private final Map<String, String> env;
    private final Clock clock;
    private final Path workingDir;

    public static RotationWiring of(Map<String, String> env, Clock clock, Path workingDir) {
        return new RotationWiring(env, clock, workingDir);
    }

    private RotationWiring(Map<String, String> env, Clock clock, Path workingDir) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
    }

    /** The store, the secret's id in it, and how a rotation is started there. */
    public record ChosenStore(SecretStore store, String secretId, Function<RotateSecret, VersionStarter> starters,
                              boolean endsRotations) {
        public VersionStarter starter(RotateSecret rotation) {
            return starters.apply(rotation);
        }

        /**
         * Secrets Manager leaves AWSPENDING on the promoted version until the rotation that it drives ends; when
         * opsctl drives the rotation, opsctl ends it the same way, so the next one does not see a stale AWSPENDING.
         */
        public void finished(String token) {
            if (endsRotations && store.describe(secretId).stagesOf(token).containsAll(Set.of(Stage.CURRENT, Stage.PENDING))) {
                store.removeStage(secretId, Stage.PENDING, token);
            }
        }
    }

    /**
     * @param store        {@code --store}: file:PATH, aws:SECRET-ID-OR-ARN or azure:https://VAULT/secrets/NAME
     * @param region       {@code --region} of an aws: store (null: AWS_REGION)
     * @param validityDays {@code --validity-days} of the new Key Vault version
     */
    public ChosenStore store(String store, String region, int validityDays) {
        if (store.startsWith("aws:") && store.length() > "aws:".length()) {
            // Secrets Manager holds no empty version: the rotation starts by writing the pending value
            return new ChosenStore(CloudSecretStores.secretsManager(env, region), store.substring("aws:".length()),
                    RotateSecret::startingWithValue, true);
        }
        if (store.startsWith("azure:")) {
            if (validityDays <= 30) {
                throw new InvalidFieldException("--validity-days", "must be more than 30 (Key Vault sends SecretNearExpiry 30 days before expiry)");
            }
            CloudSecretStores.KeyVaultSecret secret = CloudSecretStores.KeyVaultSecret.parse(store.substring("azure:".length()));
            KeyVaultSecretStore vault = CloudSecretStores.keyVault(secret, clock, Duration.ofDays(validityDays));
            return new ChosenStore(vault, secret.name(), rotation -> vault, false);
        }
        FileSecretStore file = fileStore(store, false);
        return new ChosenStore(file, file.secretId(), rotation -> file, false);
    }

    /** @param forInit {@code --init-user}, which creates file secrets only (the refusal says so) */
    public FileSecretStore fileStore(String store, boolean forInit) {
        if (!store.startsWith("file:") || store.length() == "file:".length()) {
            throw new InvalidFieldException("--store", "must be file:PATH, aws:SECRET-ID-OR-ARN or azure:https://VAULT/secrets/NAME"
                    + (forInit ? " (--init-user creates file secrets only)" : ""));
        }
        return new FileSecretStore(workingDir.resolve(store.substring("file:".length())), clock);
    }

    /**
     * The admin login of an alternating-users rotation ({@code --admin-url}, its password in the variable
     * {@code passwordEnv}); none when {@code adminUrl} is null.
     */
    public AdminCredentials admin(RotationTargetUrl target, String adminUrl, String passwordEnv) {
        if (adminUrl == null) {
            return AdminCredentials.none();
        }
        String password = env.get(passwordEnv);
        if (password == null) {
            throw new InvalidFieldException("--admin-password-env", "environment variable " + passwordEnv + " is not set");
        }
        PgEndpoint admin = PgEndpoint.parse("--admin-url", adminUrl, password.toCharArray());
        return current -> target.credential(admin.user(), admin.password());
    }

    public RotateSecret rotateSecret(ChosenStore secrets, RotationTargetUrl target, AdminCredentials admin, RotationStrategy strategy,
                                     PasswordPolicy policy, Path ledgerDir) {
        return new RotateSecret(secrets.store(), target.locator(), new PasswordGenerator(new SecureRandom()), admin, strategy,
                policy, new FileRunLedger(ledgerDir), clock);
    }
}
