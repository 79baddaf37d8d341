package com.silenttalk.automation.bench;

/**
 * The snapshot scheduler after its SnapStart priming ({@code beforeCheckpoint}: one invocation offline, no cloud
 * call): init includes the priming, so the first call is what a function restored from a SnapStart snapshot pays on
 * its first invocation (the restore itself is Lambda's and not measured here).
 */
final class AwsPrimedSnapshotSchedulerRow extends AwsSnapshotSchedulerRow {
    @Override
    public void init() {
        super.init();
        handler().beforeCheckpoint(null);
    }
}
