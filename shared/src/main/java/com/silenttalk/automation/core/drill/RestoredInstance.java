package com.silenttalk.automation.core.drill;

import java.util.Map;
import java.util.Objects;

/**
 * A throwaway database a drill restored into.
 *
 * @param credentialsRef where the adapter finds the credentials (a secret ARN, a file); never the secret itself
 */
public record RestoredInstance(String name, String host, int port, String database, String credentialsRef,
                               Map<String, String> details) {
    public RestoredInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        details = Map.copyOf(details);
    }
}
