package com.silenttalk.automation.azure.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage account the functions use, by its endpoints. In Azure the managed identity signs
 * in ({@code accountKey} empty); a shared key is only for azurite in tests and local runs.
 */
public record StorageAccount(String name, String blobEndpoint, String tableEndpoint, Optional<String> accountKey) {
    public StorageAccount {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("storageAccount", "needs a name");
        }
        Objects.requireNonNull(blobEndpoint, "blobEndpoint");
        Objects.requireNonNull(tableEndpoint, "tableEndpoint");
        Objects.requireNonNull(accountKey, "accountKey");
    }

    /** The public-cloud endpoints of an account signed in with the managed identity. */
    public static StorageAccount managedIdentity(String name) {
        return new StorageAccount(name, "https://" + name + ".blob.core.windows.net",
                "https://" + name + ".table.core.windows.net", Optional.empty());
    }

    @Override
    public String toString() {
        return "StorageAccount[" + name + ", " + blobEndpoint + (accountKey.isPresent() ? ", shared key" : ", managed identity") + "]";
    }
}
