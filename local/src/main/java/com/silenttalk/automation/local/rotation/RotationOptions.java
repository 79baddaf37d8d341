package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import picocli.CommandLine.Option;

/** {@code opsctl rotate}'s options that say how to rotate: the store's region and expiry, the strategy, new passwords. */
public final class RotationOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of an aws: store (default: AWS_REGION)")
    String region;

    @Option(names = "--validity-days", defaultValue = "90", description = "azure: the new Key Vault version's expiry (default: ${DEFAULT-VALUE})")
    int validityDays;

    @Option(names = "--strategy", defaultValue = "single-user", description = "single-user or alternating-users (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--admin-url", paramLabel = "URL", description = "alternating-users: postgresql://admin@host:port/database, password from --admin-password-env")
    String adminUrl;

    @Option(names = "--admin-password-env", defaultValue = "OPSCTL_ROTATE_ADMIN_PASSWORD", paramLabel = "NAME",
            description = "environment variable holding the admin password (default: ${DEFAULT-VALUE})")
    String adminPasswordEnv;

    @Option(names = "--password-length", defaultValue = "32", description = "length of new passwords (default: ${DEFAULT-VALUE})")
    int passwordLength;

    @Option(names = "--exclude-characters", paramLabel = "CHARS", description = "characters new passwords must not contain (default: those that break URLs, .pgpass and shells)")
    String excludeCharacters;

    RotationStrategy strategy(String currentUser) {
        return RotationStrategy.parse(strategy, currentUser);
    }

    PasswordPolicy passwordPolicy() {
        return new PasswordPolicy(passwordLength, excludeCharacters == null ? PasswordPolicy.DEFAULT_EXCLUDED : excludeCharacters);
    }
}
