package com.silenttalk.automation.core.rotation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SecretStore} held in memory with Secrets Manager's label rules: each label on one version at most,
 * promote moves CURRENT and PREVIOUS and takes PENDING off, a value under an existing token
 * must be the same value. Counts writes for idempotence tests. For core tests and the test-jar.
 */
public final class InMemorySecretStore implements SecretStore, VersionStarter {
    private final String secretId;
    private boolean rotationEnabled = true;
    private final LinkedHashMap<String, Set<Stage>> stages = new LinkedHashMap<>();
    private final Map<String, Credential> values = new LinkedHashMap<>();
    private final List<String> promotions = new ArrayList<>();
    private int versionsCreated;
    private int writes;

    public InMemorySecretStore(String secretId, String initialVersion, Credential initial) {
        this.secretId = secretId;
        stages.put(initialVersion, new HashSet<>(Set.of(Stage.CURRENT)));
        values.put(initialVersion, initial);
    }

    public synchronized InMemorySecretStore rotationEnabled(boolean enabled) {
        this.rotationEnabled = enabled;
        return this;
    }

    @Override
    public synchronized SecretDescription describe(String id) {
        check(id);
        return new SecretDescription(secretId, rotationEnabled, stages);
    }

    @Override
    public synchronized Optional<Credential> valueOf(String id, String versionId) {
        check(id);
        return Optional.ofNullable(values.get(versionId));
    }

    @Override
    public synchronized Optional<Credential> valueAt(String id, Stage stage) {
        check(id);
        return stages.entrySet().stream().filter(e -> e.getValue().contains(stage)).findFirst()
                .map(e -> values.get(e.getKey()));
    }

    @Override
    public synchronized void beginVersion(String id, String token) {
        check(id);
        if (stages.containsKey(token)) {
            return;
        }
        moveLabel(Stage.PENDING, token);
        writes++;
    }

    @Override
    public synchronized void putPending(String id, String token, Credential value) {
        check(id);
        Credential existing = values.get(token);
        if (existing != null) {
            if (!existing.sameAs(value)) {
                throw new RotationFailedException("secret " + id + ": version " + token + " already has a different value");
            }
            return;
        }
        values.put(token, value);
        moveLabel(Stage.PENDING, token);
        versionsCreated++;
        writes++;
    }

    @Override
    public synchronized void promote(String id, String token, String currentVersionId) {
        check(id);
        if (!stages.getOrDefault(currentVersionId, Set.of()).contains(Stage.CURRENT)) {
            throw new RotationFailedException("secret " + id + ": version " + currentVersionId + " is no longer " + Stage.CURRENT);
        }
        moveLabel(Stage.PREVIOUS, currentVersionId);
        moveLabel(Stage.CURRENT, token);
        stages.get(token).remove(Stage.PENDING);
        promotions.add(token);
        writes++;
    }

    @Override
    public synchronized void removeStage(String id, Stage stage, String versionId) {
        check(id);
        if (stages.containsKey(versionId)) {
            stages.get(versionId).remove(stage);
            writes++;
        }
    }

    /** Puts a label on a version, as a test setting up a stale state would. */
    public synchronized void label(String versionId, Stage stage, Optional<Credential> value) {
        moveLabel(stage, versionId);
        value.ifPresent(v -> values.put(versionId, v));
    }

    public synchronized int versionsCreated() {
        return versionsCreated;
    }

    public synchronized int writes() {
        return writes;
    }

    /** The tokens CURRENT was moved to, in order. */
    public synchronized List<String> promotions() {
        return List.copyOf(promotions);
    }

    public synchronized long versionsWith(Stage stage) {
        return stages.values().stream().filter(s -> s.contains(stage)).count();
    }

    private void moveLabel(Stage stage, String versionId) {
        stages.values().forEach(s -> s.remove(stage));
        stages.computeIfAbsent(versionId, v -> new HashSet<>()).add(stage);
    }

    private void check(String id) {
        if (!secretId.equals(id)) {
            throw new IllegalArgumentException("no secret " + id);
        }
    }
}
