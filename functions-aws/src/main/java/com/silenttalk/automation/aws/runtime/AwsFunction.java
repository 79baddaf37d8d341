package com.silenttalk.automation.aws.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda function of the suite: a thin {@link RequestHandler} that can also say, without
 * calling AWS, which calls an event would cause (dry-run) and which IAM actions it needs.
 */
public interface AwsFunction extends RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The calls this event would make; validates the event exactly as a real invocation does. Calls nothing. */
    List<PlannedCall> plan(Map<String, Object> event);

    /** Why {@link #plan} is empty for this valid event (one the function deliberately leaves alone), for the dry-run to say. */
    default Optional<String> emptyPlanReason(Map<String, Object> event) {
        return Optional.empty();
    }

    /** Union of the adapters' required actions: template.yaml grants exactly these. */
    List<String> requiredActions();
}
