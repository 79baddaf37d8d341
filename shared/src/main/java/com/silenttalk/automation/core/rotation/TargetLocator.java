package com.silenttalk.automation.core.rotation;

/** Finds the target a secret's current credential logs in to (and refuses one it must not touch). */
@FunctionalInterface
public interface TargetLocator {
    CredentialTarget locate(Credential current);
}
