package com.silenttalk.automation.core.rotation;

import java.util.Objects;

/** One step of one rotation: the secret, the version being rotated in (the token) and the step. */
public record RotationEvent(String secretId, String token, RotationStep step) {
    public RotationEvent {
        if (secretId == null || secretId.isBlank()) {
            throw new RotationRejectedException("SecretId", "must not be blank");
        }
        if (token == null || token.isBlank() || token.length() > 64) {
            throw new RotationRejectedException("ClientRequestToken", "must be 1-64 characters");
        }
        Objects.requireNonNull(step, "step");
    }
}
