package com.silenttalk.automation.azure.runtime;

import com.microsoft.durabletask.TaskOrchestrationContext;
import java.time.Duration;

/** What an orchestration of the core's step loop (drill, failover) needs from Durable Functions: call an activity, wait on a durable timer. */
public interface DurableSteps {
    String call(String activity, String input);

    void waitFor(Duration duration);

    static DurableSteps durable(TaskOrchestrationContext ctx) {
        return new DurableSteps() {
            @Override
            public String call(String activity, String input) {
                return ctx.callActivity(activity, input, String.class).await();
            }

            @Override
            public void waitFor(Duration duration) {
                ctx.createTimer(duration).await();
            }
        };
    }
}
