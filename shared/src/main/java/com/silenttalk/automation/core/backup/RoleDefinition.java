package com.silenttalk.automation.core.backup;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A role the dump names (an owner, a grantee, a policy's role), as a restore target must
 * create it: its name and attributes, never a password or the right to log in.
 *
 * @param attributes role options from a fixed set, so that a manifest can never smuggle SQL into {@code CREATE ROLE}
 */
public record RoleDefinition(String name, List<String> attributes) {
    public static final Set<String> ATTRIBUTES = Set.of("SUPERUSER", "CREATEDB", "CREATEROLE", "NOINHERIT", "REPLICATION",
            "BYPASSRLS");

    public RoleDefinition {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("role name must be a non-empty string");
        }
        attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
        for (String a : attributes) {
            if (!ATTRIBUTES.contains(a)) {
                throw new IllegalArgumentException("role " + name + ": attribute '" + a + "' is not one of " + ATTRIBUTES);
            }
        }
    }
}
