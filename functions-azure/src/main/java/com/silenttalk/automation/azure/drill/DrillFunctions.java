package com.silenttalk.automation.azure.drill;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.silenttalk.automation.azure.runtime.DurableStepLoop;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.HttpAnswers;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.core.drill.DrillState;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The restore drill on Durable Functions: a generic orchestration that runs the core's step
 * loop ("advance, wait on a durable timer as told, repeat until done"), its two activities,
 * and the two ways to start it (HTTP, auth level FUNCTION; and monthly).
 */
public final class DrillFunctions {
    public static final String ORCHESTRATION = "RestoreDrill";
    public static final String START_ACTIVITY = "DrillBegin";
    public static final String ADVANCE_ACTIVITY = "DrillAdvance";
    public static final String MONTHLY_SCHEDULE = "0 0 3 1 * *";

    private static final DurableStepLoop<DrillState> LOOP = new DurableStepLoop<>(ADVANCE_ACTIVITY, DrillState.class);

    private final Supplier<DrillWiring> wiring;

    public DrillFunctions() {
        this(DrillWiring::production);
    }

    DrillFunctions(Supplier<DrillWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName(ORCHESTRATION)
    public String orchestrate(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return run(ctx.getInput(String.class), DurableSteps.durable(ctx));
    }

    /** The orchestration's body: the first state from the start activity, then the step loop. */
    static String run(String startJson, DurableSteps steps) {
        DrillState done = LOOP.run(steps.call(START_ACTIVITY, startJson), steps);
        return done.report() == null ? "drill " + done.runId() + " done" : done.report().summary();
    }

    @FunctionName(START_ACTIVITY)
    public String begin(@DurableActivityTrigger(name = "start") String startJson, ExecutionContext context) {
        DrillStart start = Json.read(startJson, DrillStart.class);
        DrillState state = wiring.get().begin(start);
        context.getLogger().info("drill-begin run=" + start.runId() + " database=" + start.database());
        return CoreRecordJson.write(state);
    }

    @FunctionName(ADVANCE_ACTIVITY)
    public String advance(@DurableActivityTrigger(name = "state") String stateJson, ExecutionContext context) {
        DrillWiring w = wiring.get();
        return LOOP.advance(stateJson, w.workflow(), w.clock().instant(),
                (before, next) -> context.getLogger().info(w.afterTurn(before, next)));
    }

    @FunctionName("DrillHttpStart")
    public HttpResponseMessage httpStart(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "drills") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable,
            ExecutionContext context) {
        DrillWiring w = wiring.get();
        return HttpAnswers.onValid(request, context, "drill-http-start",
                body -> DrillStart.parse(body, w.databases(), w.clock().instant()), start -> {
                    String instanceId = schedule(durable, start);
                    context.getLogger().info("drill-http-start run=" + instanceId + " database=" + start.database());
                    return durable.createCheckStatusResponse(request, instanceId);
                });
    }

    @FunctionName("DrillMonthlyStart")
    public void monthlyStart(@TimerTrigger(name = "timer", schedule = MONTHLY_SCHEDULE) String timerInfo,
                             @DurableClientInput(name = "durableContext") DurableClientContext durable,
                             ExecutionContext context) {
        TimerInfo.parse(timerInfo);
        List<String> started = wiring.get().monthlyStarts().stream().map(start -> schedule(durable, start)).toList();
        context.getLogger().info("drill-monthly-start runs=" + started);
    }

    /** The run id names the orchestration instance. */
    private static String schedule(DurableClientContext durable, DrillStart start) {
        return durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION, Json.write(start), start.runId());
    }
}
