package com.silenttalk.automation.azure.rotation;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.rotation.AdminCredentials;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationRejectedException;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.TargetLocator;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.postgres.PostgresRoleTarget;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** The rotation functions' adapters, built once per worker: Key Vault, the PostgreSQL roles, the Table ledger. */
public record RotationWiring(RotationSettings settings, KeyVaultSecretStore store, KeyVaultRotation rotation) {

    public static RotationWiring build(RotationSettings settings, SecretClient vault, RunLedger ledger, Clock clock) {
        KeyVaultSecretStore store = new KeyVaultSecretStore(vault, clock, settings.validity());
        AdminCredentials admin = settings.adminSecret().<AdminCredentials>map(name -> current -> store.valueAt(name, Stage.CURRENT)
                .orElseThrow(() -> new RotationFailedException("administrator secret " + name + " has no " + Stage.CURRENT + " value")))
                .orElse(AdminCredentials.none());
        TargetLocator targets = current -> {
            String engine = current.attributes().getOrDefault("engine", "postgres");
            if (!engine.equals("postgres")) {
                throw new RotationRejectedException("engine", UntrustedText.quoted(engine) + " is not rotated by this function (only postgres)");
            }
            return PostgresRoleTarget.forSecret(current, settings.sslMode());
        };
        RotateSecret rotate = new RotateSecret(store, targets, new PasswordGenerator(new SecureRandom()), admin,
                current -> RotationStrategy.parse(settings.strategy(), current.username()), PasswordPolicy.defaults(), ledger, clock);
        return new RotationWiring(settings, store, new KeyVaultRotation(store, rotate, ledger, settings.secrets(), settings.lease(), clock));
    }

    /** The vault's client on the worker's HTTP client, credential and bounded retries. */
    public static SecretClient vault(RotationSettings settings, AzureClients clients) {
        return new SecretClientBuilder().vaultUrl(settings.vaultUrl().toString()).credential(clients.credential())
                .httpClient(clients.http()).retryOptions(clients.retry()).buildClient();
    }

    /** The production wiring from the application settings {@code env} and the function app's clients (the worker's, or opsctl invoke's). */
    public static RotationWiring of(Map<String, String> env, AzureSettings azure, AzureClients clients, Clock clock) {
        RotationSettings settings = RotationSettings.fromEnv(env);
        return build(settings, vault(settings, clients), new TableRunLedger(clients.table(azure.backupStorage(), azure.ledgerTable())),
                clock);
    }

    private static final class Production {
        static final RotationWiring INSTANCE = of(System.getenv(), Worker.settings(), Worker.clients(), Worker.clock());
    }

    public static RotationWiring production() {
        return Production.INSTANCE;
    }
}
