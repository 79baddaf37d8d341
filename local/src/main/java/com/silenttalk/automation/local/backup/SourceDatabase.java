package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import java.util.Objects;

/**
 * The database snapshots are taken of, as the operator named it.
 *
 * @param field the option or key that named it ({@code --source-url}, {@code source.url}), for one-line refusals
 * @param label the name its snapshots carry: {@code source.database} when set for {@code source.url}, else the
 *              label of the database actually dumped, so that two databases never share snapshots
 */
public record SourceDatabase(PgEndpoint endpoint, String field, DatabaseId label) {
    public SourceDatabase {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(label, "label");
    }

    /** The source database from --source-url or the configuration, with its password from opsctl's environment. */
    public static SourceDatabase from(OpsctlContext opsctl, OpsConfig config, String urlOverride) {
        String url = urlOverride != null ? urlOverride : config.source().url();
        String field = urlOverride != null ? "--source-url" : "source.url";
        if (url == null) {
            throw new InvalidFieldException("source.url", "no source database: set source.url in the configuration or pass --source-url");
        }
        String password = opsctl.env().get(config.source().passwordEnv());
        return of(PgEndpoint.parse(field, url, password == null ? null : password.toCharArray(), opsctl.env()), field,
                config.source().database());
    }

    /** A configured database ({@code source.url} or an entry of {@code sources}), its password from the variable it names. */
    public static SourceDatabase configured(OpsctlContext opsctl, OpsConfig.Source source, String field) {
        String password = opsctl.env().get(source.passwordEnv());
        return of(PgEndpoint.parse(field, source.url(), password == null ? null : password.toCharArray(), opsctl.env()), field,
                source.database());
    }

    /** @param configuredLabel {@code source.database}; it names the database of {@code source.url}, not of another URL */
    public static SourceDatabase of(PgEndpoint endpoint, String field, DatabaseId configuredLabel) {
        boolean configuredUrl = !field.equals("--source-url");
        return new SourceDatabase(endpoint, field, configuredUrl && configuredLabel != null ? configuredLabel
                : DatabaseId.forDatabaseName(endpoint.database()));
    }
}
