package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.postgres.RestoreCredentials;
import java.util.List;
import java.util.function.Function;

/**
 * The login of a restored RDS instance: the instance carries only the master secret's ARN, whose
 * AWSCURRENT version in Secrets Manager (of the ARN's region) holds user and password.
 */
public final class SecretsManagerRestoreCredentials implements RestoreCredentials {
    private final Function<String, SecretStore> secretsForArn;

    /** @param secretsForArn the store that holds a given secret ARN (Secrets Manager of the ARN's region) */
    public SecretsManagerRestoreCredentials(Function<String, SecretStore> secretsForArn) {
        this.secretsForArn = secretsForArn;
    }

    @Override
    public Credential credentialFor(RestoredInstance instance) {
        String secretArn = instance.credentialsRef();
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException("restored instance " + instance.name() + " names no credentials secret");
        }
        return secretsForArn.apply(secretArn).valueAt(secretArn, Stage.CURRENT)
                .orElseThrow(() -> new IllegalStateException("secret " + secretArn + " has no AWSCURRENT value"));
    }

    @Override
    public List<String> requiredActions() {
        return List.of("secretsmanager:GetSecretValue");
    }
}
