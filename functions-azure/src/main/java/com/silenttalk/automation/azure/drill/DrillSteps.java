package com.silenttalk.automation.azure.drill;

import com.microsoft.durabletask.TaskOrchestrationContext;
import java.time.Duration;

/** What the drill orchestration needs from Durable Functions: call an activity, wait on a durable timer. */
interface DrillSteps {
    String call(String activity, String input);

    void waitFor(Duration duration);

    static DrillSteps durable(TaskOrchestrationContext ctx) {
        return new DrillSteps() {
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
