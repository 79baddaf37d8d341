package com.silenttalk.automation.core.rotation;

/** The core tests' secret store keeps the contract Secrets Manager, Key Vault and the file store keep. */
class InMemorySecretStoreTest extends SecretStoreContract {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app-db-AbCdEf";
    private static final String V1 = "a1b2c3d4-0000-4000-8000-000000000001";

    private final InMemorySecretStore store = new InMemorySecretStore(SECRET, V1, INITIAL);

    @Override
    protected SecretStore store() {
        return store;
    }

    @Override
    protected String secretId() {
        return SECRET;
    }

    @Override
    protected String initialVersion() {
        return V1;
    }
}
