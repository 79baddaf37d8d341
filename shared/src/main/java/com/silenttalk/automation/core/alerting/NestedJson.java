package com.silenttalk.automation.core.alerting;

/**
 * Parses JSON embedded as a string inside an event (an SNS message carries the CloudWatch
 * notification as text). Each runner supplies its JSON library; the core has none.
 */
@FunctionalInterface
public interface NestedJson {
    /**
     * @return the parsed tree as plain Java values (see {@link EventNode})
     * @throws com.silenttalk.automation.core.InvalidFieldException naming {@code field} if the text is not JSON
     */
    Object parse(String field, String json);
}
