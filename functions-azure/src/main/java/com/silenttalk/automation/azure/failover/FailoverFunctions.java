package com.silenttalk.automation.azure.failover;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.silenttalk.automation.azure.runtime.DurableStepLoop;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.HttpAnswers;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Failover on Azure Functions: the Azure Monitor action group's webhook (common alert schema)
 * feeds one signal per alert rule to the gate; an approval endpoint executes a stored plan;
 * the chain runs as a Durable orchestration of the core's step loop, like the drill's
 * ("advance, wait on a durable timer as told, repeat until done"). Both HTTP triggers use auth
 * level FUNCTION.
 */
public final class FailoverFunctions {
    public static final String ORCHESTRATION = "Failover";
    public static final String ADVANCE_ACTIVITY = "FailoverAdvance";

    private static final DurableStepLoop<FailoverState> LOOP = new DurableStepLoop<>(ADVANCE_ACTIVITY, FailoverState.class);

    private final Supplier<FailoverWiring> wiring;

    public FailoverFunctions() {
        this(FailoverWiring::production);
    }

    FailoverFunctions(Supplier<FailoverWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName(ORCHESTRATION)
    public String orchestrate(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return run(ctx.getInput(String.class), DurableSteps.durable(ctx));
    }

    /** The orchestration's body: the step loop from the input state. */
    static String run(String stateJson, DurableSteps steps) {
        return FailoverProgress.outcome(LOOP.run(stateJson, steps));
    }

    @FunctionName(ADVANCE_ACTIVITY)
    public String advance(@DurableActivityTrigger(name = "state") String stateJson, ExecutionContext context) {
        FailoverWiring w = wiring.get();
        return LOOP.advance(stateJson, w.workflow(), w.clock().instant(),
                (before, next) -> context.getLogger().info(FailoverProgress.turn(before, next)));
    }

    /** The action group's webhook: one alert rule fired or resolved; the gate looks at every configured signal. */
    @FunctionName("FailoverAlert")
    public HttpResponseMessage alert(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "failover/alert") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable, ExecutionContext context) {
        FailoverWiring w = wiring.get();
        return HttpAnswers.onValid(request, context, "failover-alert", body -> SignalAlert.parse(body, w.signals()), signal -> {
            SignalIntake intake = SignalIntake.take(w, signal, context.getLogger());
            context.getLogger().info(intake.logLine());
            intake.start().ifPresent(first -> durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION, CoreRecordJson.write(first),
                    first.plan().planId()));
            return HttpAnswers.json(request, intake.start().isPresent() ? HttpStatus.ACCEPTED : HttpStatus.OK, intake.answer());
        });
    }

    /** An operator's approval: {@code {"planId": "..."}}; unknown → 404, expired or already used → 409, nothing changed. */
    @FunctionName("FailoverApprove")
    public HttpResponseMessage approve(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "failover/approve") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable, ExecutionContext context) {
        FailoverWiring w = wiring.get();
        return HttpAnswers.onValid(request, context, "failover-approve", ApprovalRequest::planId, planId -> {
            FailoverPlan plan;
            try {
                plan = w.failOver().approve(planId);
            } catch (InvalidFieldException e) {
                HttpStatus status = e.getMessage().contains("no failover plan") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
                return HttpAnswers.refused(request, context, "failover-approve", status, "planId", e);
            }
            String instanceId = durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION,
                    CoreRecordJson.write(FailoverState.begin(plan, w.clock().instant())), plan.planId());
            context.getLogger().info("failover-approve plan=" + plan.planId() + " orchestration=" + instanceId);
            return durable.createCheckStatusResponse(request, instanceId);
        });
    }
}
