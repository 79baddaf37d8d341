package com.silenttalk.automation.azure.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;

/** An operator's approval of a stored failover plan, as POST /api/failover/approve receives it. */
public final class ApprovalRequest {
    private ApprovalRequest() {
    }

    /** An approval's body: {@code {"planId": "..."}} and nothing else; returns the plan id. */
    public static String planId(String text) {
        JsonNode body = Json.tree(text, "body");
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("planId")) {
                throw new InvalidFieldException(f, "is not a field of an approval (only planId)");
            }
        });
        JsonNode id = body.path("planId");
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new InvalidFieldException("planId", id.isMissingNode() ? "is missing" : "must be a plan id string");
        }
        String planId = id.asText();
        if (!planId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw new InvalidFieldException("planId", UntrustedText.quoted(planId) + " is not a plan id");
        }
        return planId;
    }
}
