package com.silenttalk.automation.core.rotation;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A role's memberships, privileges, default privileges and owned objects, as normalised lines
 * ("member:app_owner", "grant:table:public.orders:SELECT", "owns:table:public.orders").
 */
public record RoleProfile(String role, SortedSet<String> entries) {
    public RoleProfile {
        entries = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(entries));
    }

    public static RoleProfile of(String role, Set<String> entries) {
        return new RoleProfile(role, new TreeSet<>(entries));
    }

    /** What one has and the other lacks, both ways; empty when the twins are identical. */
    public SortedSet<String> driftFrom(RoleProfile other) {
        TreeSet<String> drift = new TreeSet<>();
        entries.stream().filter(e -> !other.entries.contains(e)).forEach(e -> drift.add(role + " only: " + e));
        other.entries.stream().filter(e -> !entries.contains(e)).forEach(e -> drift.add(other.role + " only: " + e));
        entries.stream().filter(e -> e.startsWith("owns:")).forEach(e -> drift.add(role + " owns directly (give ownership to a group role both are members of): " + e));
        other.entries.stream().filter(e -> e.startsWith("owns:")).forEach(e -> drift.add(other.role + " owns directly (give ownership to a group role both are members of): " + e));
        return drift;
    }
}
