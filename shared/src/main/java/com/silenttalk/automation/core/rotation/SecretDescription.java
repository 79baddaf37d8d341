package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a store says about a secret, without any value: whether rotation is on and which
 * stages each version carries.
 */
public record SecretDescription(String secretId, boolean rotationEnabled, Map<String, Set<Stage>> versionStages) {
    public SecretDescription {
        if (secretId == null || secretId.isBlank()) {
            throw new InvalidFieldException("secretId", "must not be blank");
        }
        Map<String, Set<Stage>> copy = new LinkedHashMap<>();
        versionStages.forEach((v, s) -> copy.put(v, Set.copyOf(s)));
        versionStages = java.util.Collections.unmodifiableMap(copy);
        for (Stage stage : Stage.values()) {
            if (versionStages.values().stream().filter(s -> s.contains(stage)).count() > 1) {
                throw new InvalidFieldException("versionStages", "more than one version carries " + stage);
            }
        }
    }

    public Set<Stage> stagesOf(String versionId) {
        return versionStages.getOrDefault(versionId, Set.of());
    }

    public boolean hasVersion(String versionId) {
        return versionStages.containsKey(versionId);
    }

    public Optional<String> versionWith(Stage stage) {
        return versionStages.entrySet().stream().filter(e -> e.getValue().contains(stage)).map(Map.Entry::getKey).findFirst();
    }

    /** The version carrying PENDING without CURRENT, other than {@code token}: left by an earlier, failed rotation. */
    public Optional<String> stalePending(String token) {
        return versionStages.entrySet().stream()
                .filter(e -> !e.getKey().equals(token))
                .filter(e -> e.getValue().contains(Stage.PENDING) && !e.getValue().contains(Stage.CURRENT))
                .map(Map.Entry::getKey).findFirst();
    }
}
