package com.silenttalk.automation.azure.drill;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The orchestration's body: deterministic, no I/O of its own, every effect in an activity. */
    static String run(String startJson, DurableSteps steps) {
        String state = steps.call(START_ACTIVITY, startJson);
        while (true) {
            DrillTurn turn = Json.read(steps.call(ADVANCE_ACTIVITY, state), DrillTurn.class);
            if (turn.done()) {
                return turn.state().report() == null ? "drill " + turn.state().runId() + " done" : turn.state().report().summary();
            }
            state = Json.write(turn.state());
            if (turn.waitSeconds() > 0) {
                steps.waitFor(Duration.ofSeconds(turn.waitSeconds()));
            }
        }
    }

    @FunctionName(START_ACTIVITY)
    public String begin(@DurableActivityTrigger(name = "start") String startJson, ExecutionContext context) {
        DrillWiring w = wiring.get();
        DrillStart start = Json.read(startJson, DrillStart.class);
        DrillState state = w.workflow().start(start.runId(), w.requests().apply(start.database()), w.clock().instant());
        context.getLogger().info("drill-begin run=" + start.runId() + " database=" + start.database());
        return Json.write(state);
    }

    @FunctionName(ADVANCE_ACTIVITY)
    public String advance(@DurableActivityTrigger(name = "state") String stateJson, ExecutionContext context) {
        DrillWiring w = wiring.get();
        DrillState state = Json.read(stateJson, DrillState.class);
        Advance<DrillState> next = w.workflow().advance(state, w.clock().instant());
        DrillState after = next.state();
        if (next.isDone()) {
            String where = after.report() == null ? "(no report)" : w.reports().apply(after.report());
            context.getLogger().info("drill-done run=" + after.runId() + " report=" + where + " "
                    + (after.report() == null ? "" : after.report().summary() + " " + w.metrics().apply(after.report())));
        } else {
            context.getLogger().info("drill-advance run=" + after.runId() + " step=" + state.step().label() + "->"
                    + after.step().label() + " wait=" + next.nextCheckAfter().orElseThrow());
        }
        long wait = next.nextCheckAfter().map(d -> Math.max(0, d.toSeconds())).orElse(0L);
        return Json.write(new DrillTurn(after, wait, next.isDone()));
    }

    @FunctionName("DrillHttpStart")
    public HttpResponseMessage httpStart(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "drills") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable,
            ExecutionContext context) {
        DrillWiring w = wiring.get();
        DrillStart start;
        try {
            start = DrillStart.parse(request.getBody().orElse(null), w.databases(), w.clock().instant());
        } catch (InvalidFieldException e) {
            context.getLogger().warning("drill-http-start rejected: " + e.getMessage());
            Map<String, String> error = new LinkedHashMap<>();
            error.put("error", "bad request");
            error.put("field", e.field());
            error.put("message", e.getMessage());
            return request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "application/json")
                    .body(Json.write(error)).build();
        }
        String instanceId = durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION, Json.write(start),
                start.runId());
        context.getLogger().info("drill-http-start run=" + instanceId + " database=" + start.database());
        return durable.createCheckStatusResponse(request, instanceId);
    }

    @FunctionName("DrillMonthlyStart")
    public void monthlyStart(@TimerTrigger(name = "timer", schedule = MONTHLY_SCHEDULE) String timerInfo,
                             @DurableClientInput(name = "durableContext") DurableClientContext durable,
                             ExecutionContext context) {
        TimerInfo.parse(timerInfo);
        DrillWiring w = wiring.get();
        List<String> started = new ArrayList<>();
        for (DatabaseId database : w.databases()) {
            DrillStart start = DrillStart.monthly(database, w.clock().instant());
            started.add(durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION, Json.write(start),
                    start.runId()));
        }
        context.getLogger().info("drill-monthly-start runs=" + started);
    }
}
