package com.silenttalk.automation.core.dryrun;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls a dry-run was asked to make and did not, in order: what each runner's planner (the AWS SDK's and the Azure
 * pipelines' stand-in for the cloud) records, and what the other clients of a dry-run (webhooks, JDBC) add to. Safe
 * for the clients' threads.
 */
public class PlannedCalls {
    private final List<PlannedCall> recorded = new CopyOnWriteArrayList<>();

    /** The calls the clients were asked to make, in order. */
    public List<PlannedCall> recorded() {
        return List.copyOf(recorded);
    }

    /** One more call that was planned and not made. */
    public void record(PlannedCall call) {
        recorded.add(call);
    }
}
