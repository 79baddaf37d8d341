package com.silenttalk.automation.bench;

/**
 * createSecret after the handler's SnapStart priming ({@code beforeCheckpoint}, no cloud call): init includes the
 * priming, so the first call is what a function restored from a SnapStart snapshot pays on its first invocation
 * (the restore itself is Lambda's and not measured here).
 */
final class AwsRotationPrimedCreateSecretRow extends AwsRotationCreateSecretRow {
    @Override
    public void init() {
        super.init();
        handler().beforeCheckpoint(null);
    }
}
