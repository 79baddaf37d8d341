package com.silenttalk.automation.azure.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rotation functions' application settings. None is a secret: the vault is reached with the managed
 * identity, and the administrator login (alternating users) is itself a Key Vault secret, named here.
 *
 * @param vaultUrl       ST_ROTATION_VAULT_URL, https://&lt;vault&gt;.vault.azure.net
 * @param vaultName      the vault's name as Event Grid's {@code data.VaultName} gives it: the URL's first label, or
 *                       ST_ROTATION_VAULT_NAME (private endpoints and tests); events from any other vault are refused
 * @param secrets        ST_ROTATION_SECRETS, the only secrets these functions rotate (comma-separated names)
 * @param strategy       ST_ROTATION_STRATEGY, alternating-users (default) or single-user
 * @param adminSecret    ST_ROTATION_ADMIN_SECRET, the secret in the same vault holding the administrator login
 * @param sslMode        ST_ROTATION_SSLMODE, what PostgreSQL sessions must use (default require)
 * @param validity       ST_ROTATION_VALIDITY_DAYS, the new version's expiry (default 90; more than the 30 days
 *                       before expiry at which Key Vault sends SecretNearExpiry, or every rotation would trigger the next)
 * @param lease          how long a started rotation of one version is left to its first runner before a
 *                       redelivery takes it over (a crashed worker must not block the rotation for good)
 */
public record RotationSettings(URI vaultUrl, String vaultName, Set<String> secrets, String strategy, Optional<String> adminSecret,
                               String sslMode, Duration validity, Duration lease) {
    static final Duration NEAR_EXPIRY_NOTICE = Duration.ofDays(30);
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public RotationSettings {
        if (vaultUrl == null || !"https".equals(vaultUrl.getScheme()) || vaultUrl.getHost() == null
                || !(vaultUrl.getPath() == null || vaultUrl.getPath().isEmpty() || vaultUrl.getPath().equals("/"))) {
            throw new InvalidFieldException("ST_ROTATION_VAULT_URL", "must be https://<vault>.vault.azure.net, got " + UntrustedText.quoted(vaultUrl));
        }
        if (vaultName == null || !vaultName.matches("[0-9a-zA-Z-]{3,24}")) {
            throw new InvalidFieldException("ST_ROTATION_VAULT_NAME", "must be a vault name (3-24 letters, digits and dashes), got " + UntrustedText.quoted(vaultName));
        }
        secrets = Set.copyOf(secrets);
        if (secrets.isEmpty()) {
            throw new InvalidFieldException("ST_ROTATION_SECRETS", "names no secret");
        }
        if (!strategy.equals("alternating-users") && !strategy.equals("single-user")) {
            throw new InvalidFieldException("ST_ROTATION_STRATEGY", "must be alternating-users or single-user, got " + UntrustedText.quoted(strategy));
        }
        if (!SSL_MODES.contains(sslMode)) {
            throw new InvalidFieldException("ST_ROTATION_SSLMODE", "must be one of " + SSL_MODES + ", got " + UntrustedText.quoted(sslMode));
        }
        if (validity.compareTo(NEAR_EXPIRY_NOTICE) <= 0) {
            throw new InvalidFieldException("ST_ROTATION_VALIDITY_DAYS", "must be more than 30 days (Key Vault sends "
                    + "SecretNearExpiry 30 days before expiry)");
        }
    }

    public static RotationSettings fromEnv(Map<String, String> env) {
        String vault = env.get("ST_ROTATION_VAULT_URL");
        if (vault == null || vault.isBlank()) {
            throw new InvalidFieldException("ST_ROTATION_VAULT_URL", "is not set in the function app's application settings");
        }
        URI vaultUrl;
        try {
            vaultUrl = URI.create(vault.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("ST_ROTATION_VAULT_URL", "is not a URL");
        }
        Set<String> secrets = Arrays.stream(env.getOrDefault("ST_ROTATION_SECRETS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        String days = env.getOrDefault("ST_ROTATION_VALIDITY_DAYS", "90").trim();
        if (!days.matches("[0-9]{1,4}")) {
            throw new InvalidFieldException("ST_ROTATION_VALIDITY_DAYS", "must be a whole number of days, got " + UntrustedText.quoted(days));
        }
        String admin = env.get("ST_ROTATION_ADMIN_SECRET");
        String name = env.getOrDefault("ST_ROTATION_VAULT_NAME", vaultUrl.getHost() == null ? "" : vaultUrl.getHost().split("\\.", 2)[0]);
        return new RotationSettings(vaultUrl, name.trim(), secrets, env.getOrDefault("ST_ROTATION_STRATEGY", "alternating-users").trim(),
                Optional.ofNullable(admin).map(String::trim).filter(s -> !s.isEmpty()),
                env.getOrDefault("ST_ROTATION_SSLMODE", "require").trim().toLowerCase(Locale.ROOT),
                Duration.ofDays(Long.parseLong(days)), Duration.ofMinutes(15));
    }

}
