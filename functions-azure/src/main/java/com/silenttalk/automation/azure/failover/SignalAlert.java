package com.silenttalk.automation.azure.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.inbound.AlertNormaliser;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.SignalKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An action-group payload on one of the configured signal rules.
 *
 * @param waiver an operator's forcing past the lag limit: the same payload re-sent with top-level
 *               {@code "allowDataLoss": true} and a non-empty {@code "reason"} (the action group never sends them)
 */
public record SignalAlert(Alert alert, SignalKind kind, Optional<DataLossWaiver> waiver) {

    /** The webhook's body checked as the function checks it: a firing or resolved Azure alert on a configured signal rule. */
    public static SignalAlert parse(String body, Map<String, SignalKind> signals) {
        JsonNode tree = Json.tree(body, "body");
        Optional<DataLossWaiver> waiver = Optional.empty();
        if (tree instanceof ObjectNode object && (object.has("allowDataLoss") || object.has("reason"))) {
            waiver = DataLossWaiver.of(Json.MAPPER.convertValue(object.get("allowDataLoss"), Object.class),
                    Json.MAPPER.convertValue(object.get("reason"), Object.class));
            tree = object.deepCopy().without(List.of("allowDataLoss", "reason"));
        }
        Normalised normalised = new AlertNormaliser((field, json) -> Json.MAPPER.convertValue(Json.tree(json, field), Object.class))
                .normalise(Json.MAPPER.convertValue(tree, Object.class));
        if (!(normalised instanceof Normalised.Raised raised) || raised.alert().source().cloud() != AlertSource.Cloud.AZURE) {
            throw new InvalidFieldException("data.essentials.monitorCondition", normalised instanceof Normalised.Ignored i
                    ? i.reason() : "not an Azure Monitor common alert schema payload");
        }
        SignalKind kind = signals.get(raised.alert().name());
        if (kind == null) {
            throw new InvalidFieldException("data.essentials.alertRule", UntrustedText.quoted(raised.alert().name())
                    + " is not a failover signal (configured: " + signals.keySet() + ")");
        }
        return new SignalAlert(raised.alert(), kind, waiver);
    }
}
