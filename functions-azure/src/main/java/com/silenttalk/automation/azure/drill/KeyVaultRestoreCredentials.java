package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.postgres.RestoreCredentials;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The login of a restored Flexible Server: the administrator's name as the restore reports it, and
 * the password read from Key Vault by the secret URI the instance carries. The login is checked
 * before Key Vault is asked.
 */
public final class KeyVaultRestoreCredentials implements RestoreCredentials {
    private final AdminPasswords passwords;

    /** @param passwords Key Vault in production (flexibleserver.KeyVaultPasswords) */
    public KeyVaultRestoreCredentials(AdminPasswords passwords) {
        this.passwords = passwords;
    }

    @Override
    public Credential credentialFor(RestoredInstance instance) {
        String secretUri = instance.credentialsRef();
        if (secretUri == null || secretUri.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " names no credentials secret");
        }
        String user = instance.details().get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " reports no administrator login");
        }
        char[] password = passwords.password(secretUri);
        try {
            return new Credential(user, instance.host(), password, Map.of());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action");
    }
}
