package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.postgres.PostgresRoleTarget;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.CredentialTarget;
import com.silenttalk.automation.core.rotation.RotationRejectedException;
import com.silenttalk.automation.core.rotation.TargetLocator;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import java.net.URI;
import java.util.Map;

/**
 * {@code --target}: {@code postgresql://host:port/db?sslmode=...} or {@code redis://host:port}. No user or
 * password here: the secret holds them. The target only accepts a secret that logs in to the same place.
 */
public record RotationTargetUrl(String scheme, String host, int port, String database, String sslMode) {
    public static RotationTargetUrl parse(String url) {
        if (url != null && (url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            if (URI.create(url).getRawUserInfo() != null && URI.create(url).getRawUserInfo().contains(":")) {
                throw new InvalidFieldException("--target", "must not carry a password; the secret store holds it");
            }
            PgEndpoint e = PgEndpoint.parse("--target", url, null);
            return new RotationTargetUrl("postgresql", e.host(), e.port(), e.database(), e.sslMode());
        }
        if (url != null && url.startsWith("redis://")) {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new InvalidFieldException("--target", "has no host");
            }
            if (uri.getRawUserInfo() != null) {
                throw new InvalidFieldException("--target", "must not carry a user or password; the secret store holds them");
            }
            return new RotationTargetUrl("redis", uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), null, null);
        }
        throw new InvalidFieldException("--target", "must be postgresql://host:port/database[?sslmode=...] or redis://host:port");
    }

    public CredentialTarget target() {
        return scheme.equals("redis") ? new RedisUserTarget(host, port, 5000)
                : new PostgresRoleTarget(new PostgresRoleTarget.Server(host, port, database, sslMode));
    }

    /** Refuses a secret whose current version logs in somewhere else than --target. */
    public TargetLocator locator() {
        CredentialTarget target = target();
        return current -> {
            String port = current.attributes().get("port");
            if (!current.host().equals(host) || port != null && !port.equals(Integer.toString(this.port))) {
                throw new RotationRejectedException("--target", "the secret logs in to " + current.host() + (port == null ? "" : ":" + port)
                        + " but --target is " + host + ":" + this.port);
            }
            return target;
        };
    }

    /** The attributes a new secret gets from the target (so later rotations can check them). */
    public Map<String, String> attributes() {
        return scheme.equals("redis") ? Map.of("engine", "redis", "port", Integer.toString(port))
                : Map.of("engine", "postgres", "port", Integer.toString(port), "dbname", database);
    }

    public Credential credential(String user, char[] password) {
        return new Credential(user, host, password, attributes());
    }
}
