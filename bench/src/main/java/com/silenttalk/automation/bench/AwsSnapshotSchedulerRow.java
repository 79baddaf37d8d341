package com.silenttalk.automation.bench;

import com.silenttalk.automation.aws.backup.SnapshotSchedulerHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The six-hourly EventBridge schedule into the snapshot scheduler Lambda handler. */
class AwsSnapshotSchedulerRow implements ColdStartRow {
    private SnapshotSchedulerHandler handler;

    @Override
    public void init() {
        handler = new SnapshotSchedulerHandler();
    }

    SnapshotSchedulerHandler handler() {
        return handler;
    }

    @Override
    public void invoke(int n) {
        handler.handleRequest(Map.of("version", "0", "id", "bench-" + ProcessHandle.current().pid() + "-" + n,
                "detail-type", "Scheduled Event", "source", "aws.events", "account", "123456789012",
                "time", Instant.now().toString(), "region", "eu-west-1",
                "resources", List.of("arn:aws:events:eu-west-1:123456789012:rule/silenttalk-ops-snapshot-every-6h"),
                "detail", Map.of()), null);
    }
}
