package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.InvalidFieldException;

/** What is scaled: an ECS service ("cluster/service") or an App Service plan (resource ID). */
public record ScalingTarget(String value) {
    public ScalingTarget {
        if (value == null || value.isBlank() || value.length() > 400) {
            throw new InvalidFieldException("target", "must be 1-400 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
