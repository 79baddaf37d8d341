package com.silenttalk.automation.local.failover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.local.LocalJson;

/** How {@code opsctl failover approve} and {@code failover plan} print a stored plan, and what running it did. */
final class FailoverPlanJson {
    private FailoverPlanJson() {
    }

    static ObjectNode describe(FailoverPlan plan) {
        ObjectNode out = LocalJson.MAPPER.createObjectNode();
        out.put("planId", plan.planId());
        out.put("group", plan.group());
        out.put("from", plan.from());
        out.put("to", plan.to());
        out.put("allowDataLoss", plan.allowDataLoss());
        out.put("expiresAt", plan.expiresAt().toString());
        plan.reasons().forEach(out.putArray("reasons")::add);
        plan.steps().stream().map(FailoverStep::label).forEach(out.putArray("steps")::add);
        return out;
    }

    /** A dry-run's look at a plan: approving and running it would change {@code endpointFile}, if anything. */
    static String dryRun(FailoverPlan plan, String endpointFile) {
        ObjectNode out = describe(plan);
        out.put("dryRun", true);
        if (endpointFile != null) {
            out.put("endpointFile", endpointFile);
        }
        return out.toPrettyString();
    }

    /** An approved plan that ran: where the step loop ended, the RTO when it finished, where the endpoint points. */
    static String ran(FailoverPlan approved, FailoverState done, EndpointFileRouter router) {
        ObjectNode out = describe(approved);
        out.put("approved", true);
        out.put("step", done.step().label());
        out.put("halted", done.halted());
        if (done.failure() != null) {
            out.put("failure", done.failure());
        }
        if (done.step() == FailoverStep.DONE) {
            out.put("rtoMillis", done.rto().toMillis());
        }
        out.put("endpoint", LocalJson.MAPPER.valueToTree(router.read(approved.group())));
        return out.toPrettyString();
    }
}
