package com.silenttalk.automation.azure.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.alerting.channels.inbound.AlertNormaliser;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Normalised;
import java.util.Map;

/**
 * The body an action group's webhook receiver posts with {@code useCommonAlertSchema: true}.
 * This endpoint takes that schema only: anything else (a CloudWatch event, the legacy metric
 * alert schema, a common-schema body missing {@code schemaId}) is refused naming
 * {@code schemaId}, before the core normaliser sees it.
 */
public final class CommonAlertWebhook {
    public static final String SCHEMA_ID = "azureMonitorCommonAlertSchema";
    private static final AlertEventReader READER = new AlertEventReader();
    private static final AlertNormaliser NORMALISER = new AlertNormaliser(READER);

    private CommonAlertWebhook() {
    }

    public static Normalised normalise(String body) {
        if (body == null) {
            throw new InvalidFieldException("body", "is missing (the action group posts the alert as JSON)");
        }
        Object tree = READER.parse("body", body);
        if (!(tree instanceof Map<?, ?> fields)) {
            throw new InvalidFieldException("body", "must be a JSON object");
        }
        Object schemaId = fields.get("schemaId");
        if (!SCHEMA_ID.equals(schemaId)) {
            throw new InvalidFieldException("schemaId", (schemaId == null ? "is missing" : "is not " + SCHEMA_ID)
                    + ": enable the common alert schema (useCommonAlertSchema) on the action group's webhook receiver");
        }
        return NORMALISER.normalise(tree);
    }
}
