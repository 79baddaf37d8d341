package com.silenttalk.automation.core.rotation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A database-like {@link CredentialTarget} in memory: users with one password each (or two, when
 * {@code keepsTwo}), twins, privileges, and a switch that makes it unreachable.
 */
public final class FakeDatabaseTarget implements CredentialTarget, RoleTwinning {
    private final Map<String, List<String>> passwords = new HashMap<>();
    private final Map<String, Set<String>> privileges = new HashMap<>();
    private final boolean keepsTwo;
    private boolean reachable = true;
    private int passwordChanges;

    public FakeDatabaseTarget(boolean keepsTwo) {
        this.keepsTwo = keepsTwo;
    }

    public synchronized FakeDatabaseTarget user(String name, char[] password, String... privilegeLines) {
        passwords.put(name, new ArrayList<>(List.of(new String(password))));
        privileges.put(name, new TreeSet<>(Set.of(privilegeLines)));
        return this;
    }

    public synchronized void reachable(boolean value) {
        reachable = value;
    }

    public synchronized void grant(String user, String privilege) {
        privileges.computeIfAbsent(user, u -> new TreeSet<>()).add(privilege);
    }

    public synchronized int passwordChanges() {
        return passwordChanges;
    }

    public synchronized boolean accepts(String user, char[] password) {
        return passwords.getOrDefault(user, List.of()).contains(new String(password));
    }

    @Override
    public String describe() {
        return "fake://db";
    }

    @Override
    public synchronized Login tryLogin(Credential credential) {
        reachableOrThrow();
        return accepts(credential.username(), credential.password()) ? Login.ACCEPTED : Login.REJECTED;
    }

    @Override
    public synchronized void setPassword(Credential authenticateAs, String username, char[] newPassword, Optional<Credential> keep) {
        reachableOrThrow();
        if (!accepts(authenticateAs.username(), authenticateAs.password())) {
            throw new RotationFailedException("login refused");
        }
        List<String> list = new ArrayList<>();
        if (keepsTwo) {
            keep.filter(k -> k.username().equals(username)).ifPresent(k -> list.add(new String(k.password())));
        }
        list.add(new String(newPassword));
        passwords.put(username, list);
        passwordChanges++;
    }

    @Override
    public synchronized void afterPromotion(Credential current) {
        if (keepsTwo) {
            reachableOrThrow();
            passwords.put(current.username(), new ArrayList<>(List.of(new String(current.password()))));
        }
    }

    @Override
    public synchronized void makeTwin(Credential admin, String source, String twin) {
        reachableOrThrow();
        privileges.put(twin, new TreeSet<>(privileges.getOrDefault(source, Set.of())));
        passwords.putIfAbsent(twin, new ArrayList<>());
    }

    @Override
    public synchronized RoleProfile profile(Credential admin, String role) {
        reachableOrThrow();
        return RoleProfile.of(role, privileges.getOrDefault(role, Set.of()));
    }

    private void reachableOrThrow() {
        if (!reachable) {
            throw new TargetUnreachableException("fake://db is unreachable", null);
        }
    }
}
