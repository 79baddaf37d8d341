package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord;
import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Map;
import java.util.Optional;

/**
 * What starts the six-hourly snapshot: the scheduled event, given directly (a manual invoke) or inside the census
 * function's invocation record (its on-success and on-failure destination), with what became of the census.
 */
record SnapshotTrigger(EventEnvelope scheduled, String census) {
    static final String CENSUS_FUNCTION_VARIABLE = "ST_CENSUS_FUNCTION";

    /** template.yaml names the census function in ST_CENSUS_FUNCTION (a name, not a reference: no cycle). */
    static Optional<LambdaFunction> censusFunction(AwsSettings settings, Map<String, String> environment) {
        String name = environment.getOrDefault(CENSUS_FUNCTION_VARIABLE, "");
        try {
            return name.isBlank() ? Optional.empty()
                    : Optional.of(new LambdaFunction(settings.region(), settings.accountId(), name));
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(CENSUS_FUNCTION_VARIABLE, "'" + name + "' is not a Lambda function name");
        }
    }

    /**
     * @param census the census function whose invocation records are accepted; empty accepts direct scheduled
     *               events only
     */
    static SnapshotTrigger parse(Map<String, Object> event, AwsSettings settings, Optional<LambdaFunction> census) {
        if (!AsyncInvocationRecord.claimedBy(event)) {
            return new SnapshotTrigger(EventEnvelope.parseScheduled(event, settings), "not run (scheduled event given directly)");
        }
        LambdaFunction from = census.orElseThrow(() -> new InvalidFieldException("requestContext.functionArn",
                "no census function is configured (" + CENSUS_FUNCTION_VARIABLE + "), so no invocation record is accepted"));
        AsyncInvocationRecord record = AsyncInvocationRecord.parse(event, from);
        try {
            return new SnapshotTrigger(EventEnvelope.parseScheduled(record.requestPayload(), settings), record.condition());
        } catch (InvalidFieldException e) {
            throw e.under("requestPayload");
        }
    }
}
