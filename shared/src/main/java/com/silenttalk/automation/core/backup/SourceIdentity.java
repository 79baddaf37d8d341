package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which database a snapshot was taken of. The server is known by its {@code system_identifier}
 * (from {@code pg_control_system()}, shared by a primary and its replicas, new for every initdb),
 * so a DNS alias or a failover to a replica is the same server; host and port stand in when the
 * identifier could not be read.
 *
 * @param systemIdentifier null when the role may not read it
 * @param serverVersion    for the report; a minor upgrade does not make another database
 */
public record SourceIdentity(String host, int port, String database, String systemIdentifier, String serverVersion) {
    public SourceIdentity {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        Objects.requireNonNull(database, "database");
    }

    /** Why a snapshot of {@code this} is not a snapshot of {@code askedAbout}, if it is not. */
    public Optional<String> differenceFrom(SourceIdentity askedAbout) {
        if (!database.equals(askedAbout.database)) {
            return Optional.of("another database");
        }
        boolean bothIdentified = systemIdentifier != null && askedAbout.systemIdentifier != null;
        boolean sameServer = bothIdentified ? systemIdentifier.equals(askedAbout.systemIdentifier)
                : host.equalsIgnoreCase(askedAbout.host) && port == askedAbout.port;
        return sameServer ? Optional.empty() : Optional.of("another server");
    }

    /**
     * Refuses a snapshot that is not of the source asked about, naming both: reusing it would
     * report another database's tables as this one's.
     *
     * @param field the option or key that named the source, for the one-line error
     */
    public static void requireSnapshotOf(SnapshotManifest manifest, SourceIdentity askedAbout, String field) {
        SourceIdentity taken = manifest.source();
        if (taken == null) {
            throw new InvalidFieldException(field, "snapshot " + manifest.snapshotId() + " records no source identity"
                    + " (taken by an older opsctl), so it cannot be shown to be of " + askedAbout.describe());
        }
        taken.differenceFrom(askedAbout).ifPresent(why -> {
            throw new InvalidFieldException(field, "snapshot " + manifest.snapshotId() + " is of " + taken.describe()
                    + ", " + why + " than the one asked about: " + askedAbout.describe());
        });
    }

    /** {@code database "pgb" on 127.0.0.1:5432 (system 7301..., PostgreSQL 15.8)} */
    public String describe() {
        return "database \"" + database + "\" on " + host + ":" + port + " (system "
                + (systemIdentifier == null ? "unknown" : systemIdentifier)
                + (serverVersion == null ? "" : ", PostgreSQL " + serverVersion) + ")";
    }
}
