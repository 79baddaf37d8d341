package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The invocation record Lambda sends to an asynchronous invocation's destination (documented in "Capturing
 * records of Lambda asynchronous invocations"): {@code version}, {@code timestamp}, {@code requestContext}
 * ({@code requestId}, {@code functionArn}, {@code condition}, {@code approximateInvokeCount}), the original
 * event as {@code requestPayload}, and {@code responseContext}/{@code responsePayload}. Only the request side
 * is kept: what the first function returned is never trusted to steer the second.
 *
 * @param condition {@code Success}, or why the first function gave up ({@code RetriesExhausted},
 *                  {@code EventAgeExceeded})
 */
public record AsyncInvocationRecord(String requestId, String functionArn, String condition, int approximateInvokeCount,
                                    Map<String, Object> requestPayload) {
    public static final String SUCCESS = "Success";
    public static final Set<String> CONDITIONS = Set.of(SUCCESS, "RetriesExhausted", "EventAgeExceeded");
    private static final Pattern QUALIFIER = Pattern.compile("(:[A-Za-z0-9$_-]{1,128})?");

    public AsyncInvocationRecord {
        // not Map.copyOf: a JSON null inside the event is data for the event's own parser, not a crash here
        requestPayload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requestPayload));
    }

    /** An event that claims to be a destination record (and is then parsed as one, strictly). */
    public static boolean claimedBy(Map<String, Object> event) {
        return event != null && (event.containsKey("requestContext") || event.containsKey("requestPayload"));
    }

    /**
     * @param from the only function whose records are accepted: {@code arn:<partition>:lambda:<region>:<account>:function:<name>},
     *             any version or alias of it
     */
    public static AsyncInvocationRecord parse(Map<String, Object> event, LambdaFunction from) {
        if (event == null) {
            throw new InvalidFieldException("event", "is empty");
        }
        String version = EventEnvelope.text(event, "version");
        if (!version.equals("1.0")) {
            throw new InvalidFieldException("version", UntrustedText.quoted(version) + " is not the documented invocation record version 1.0");
        }
        Map<String, Object> context = object(event, "requestContext");
        String functionArn = field(context, "functionArn");
        if (!from.matches(functionArn)) {
            throw new InvalidFieldException("requestContext.functionArn", UntrustedText.quoted(functionArn) + " is not " + from);
        }
        String condition = field(context, "condition");
        if (!CONDITIONS.contains(condition)) {
            throw new InvalidFieldException("requestContext.condition", UntrustedText.quoted(condition) + " is not one of "
                    + CONDITIONS.stream().sorted().toList());
        }
        Object count = context.get("approximateInvokeCount");
        if (!(count instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
            throw new InvalidFieldException("requestContext.approximateInvokeCount",
                    count == null ? "is missing" : "must be a whole number of at least 1");
        }
        return new AsyncInvocationRecord(field(context, "requestId"), functionArn, condition, n.intValue(),
                object(event, "requestPayload"));
    }

    public boolean succeeded() {
        return condition.equals(SUCCESS);
    }

    private static String field(Map<String, Object> context, String name) {
        try {
            return EventEnvelope.text(context, name);
        } catch (InvalidFieldException e) {
            throw e.under("requestContext");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> event, String name) {
        Object value = event.get(name);
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidFieldException(name, value == null ? "is missing" : "must be an object");
        }
        return (Map<String, Object>) map;
    }

    /** A function of one account and region, by name; a record from any other function is refused. */
    public record LambdaFunction(String region, String accountId, String name) {
        public LambdaFunction {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidFieldException("function name", UntrustedText.quoted(name) + " is not a Lambda function name");
            }
        }

        boolean matches(String arn) {
            String prefix = ":lambda:" + region + ":" + accountId + ":function:" + name;
            int at = arn.indexOf(prefix);
            return arn.matches("arn:aws[a-z-]*:lambda:.*") && at > 0 && arn.substring(0, at).matches("arn:aws[a-z-]*")
                    && QUALIFIER.matcher(arn.substring(at + prefix.length())).matches();
        }

        @Override
        public String toString() {
            return "function " + name + " of account " + accountId + " in " + region;
        }
    }
}
