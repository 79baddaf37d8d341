package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EventBridge envelope every scheduled and RDS event shares, validated: the source and
 * detail-type must be the ones this function expects and the account must be allow-listed.
 * Anything else is an {@link InvalidFieldException} naming the field: no side effect, no retry.
 */
public record EventEnvelope(String id, String source, String detailType, String account, String region, Instant time,
                            List<String> resources, Map<String, Object> detail) {

    public static EventEnvelope parse(Map<String, Object> event, Set<String> sources, Set<String> detailTypes,
                                      Set<String> allowedAccounts) {
        if (event == null) {
            throw new InvalidFieldException("event", "is empty");
        }
        String source = text(event, "source");
        if (!sources.contains(source)) {
            throw new InvalidFieldException("source", UntrustedText.quoted(source) + " is not accepted here (expected " + sorted(sources) + ")");
        }
        String detailType = text(event, "detail-type");
        if (!detailTypes.contains(detailType)) {
            throw new InvalidFieldException("detail-type", UntrustedText.quoted(detailType) + " is not accepted here (expected "
                    + sorted(detailTypes) + ")");
        }
        String account = text(event, "account");
        if (!allowedAccounts.contains(account)) {
            throw new InvalidFieldException("account", UntrustedText.quoted(account) + " is not allow-listed");
        }
        Instant time;
        String timeText = text(event, "time");
        try {
            time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("time", UntrustedText.quoted(timeText) + " is not an ISO-8601 instant");
        }
        Object resources = event.getOrDefault("resources", List.of());
        if (!(resources instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new InvalidFieldException("resources", "must be a list of ARNs");
        }
        Object detail = event.get("detail");
        if (!(detail instanceof Map<?, ?> map)) {
            throw new InvalidFieldException("detail", "is missing or not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> detailMap = (Map<String, Object>) map;
        @SuppressWarnings("unchecked")
        List<String> resourceList = (List<String>) list;
        return new EventEnvelope(text(event, "id"), source, detailType, account, text(event, "region"), time,
                List.copyOf(resourceList), detailMap);
    }

    /**
     * The six-hourly schedule's event (EventBridge rule or Scheduler) for a function of the settings' region:
     * the census and the snapshot read the same event, so they name the same window.
     */
    public static EventEnvelope parseScheduled(Map<String, Object> event, AwsSettings settings) {
        EventEnvelope envelope = parse(event, Set.of("aws.events", "aws.scheduler"), Set.of("Scheduled Event"),
                settings.allowedAccounts());
        if (!envelope.region().equals(settings.region())) {
            throw new InvalidFieldException("region", UntrustedText.quoted(envelope.region()) + " is not this function's region "
                    + settings.region());
        }
        return envelope;
    }

    /** A scheduled event that plans can be primed with before a SnapStart checkpoint (nothing is called). */
    public static Map<String, Object> scheduledForPriming(AwsSettings settings, Instant now) {
        return Map.of("id", "priming", "source", "aws.events", "detail-type", "Scheduled Event",
                "account", settings.accountId(), "region", settings.region(), "time", now.toString(),
                "resources", List.of(), "detail", Map.of());
    }

    /** A required string field of the detail object, named {@code detail.<name>} in errors. */
    public String detailText(String name) {
        Object value = detail.get(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidFieldException("detail." + name, value == null ? "is missing" : "must be a non-empty string");
        }
        return s;
    }

    static String text(Map<String, Object> map, String name) {
        Object value = map.get(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidFieldException(name, value == null ? "is missing" : "must be a non-empty string");
        }
        return s;
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
