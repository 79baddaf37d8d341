package com.silenttalk.automation.azure.runtime;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.util.List;

/** An Azure function invocable outside the Functions host: plan from an event (no calls made), or run in-process. */
public interface Invocable {
    List<PlannedCall> plan(String event);

    void run(String event, ExecutionContext context);
}
