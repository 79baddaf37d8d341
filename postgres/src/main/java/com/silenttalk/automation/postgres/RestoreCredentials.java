package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.rotation.Credential;
import java.util.List;

/**
 * Where a runner finds the login of a restored database: the instance carries only a reference
 * (a Secrets Manager ARN, a Key Vault secret URI), and each cloud resolves it its own way.
 * Failures name the instance and the reference, never the password.
 */
@FunctionalInterface
public interface RestoreCredentials {
    Credential credentialFor(RestoredInstance instance);

    /** The cloud permissions the lookup needs, for the template's IAM check. */
    default List<String> requiredActions() {
        return List.of();
    }
}
