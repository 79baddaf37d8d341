package com.silenttalk.automation.local.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.local.LocalJson;
import java.util.ArrayList;
import java.util.List;

/** {@code opsctl alert route}'s JSON lines: the alert (or why it was ignored), the gate's decisions, one line per delivery. */
final class RouteLines {
    private RouteLines() {
    }

    static String ignored(String reason) {
        return LocalJson.line(LocalJson.MAPPER.createObjectNode().put("ignored", reason));
    }

    static String alert(Alert alert) {
        return LocalJson.line(LocalJson.MAPPER.createObjectNode().set("alert", AlertJson.alert(alert)));
    }

    /** The lines after the alert's: a duplicate event's one line, else each decision's and each delivery's. */
    static List<String> result(Alert alert, RouteAlert.Result result) {
        List<String> lines = new ArrayList<>();
        if (result.duplicateEvent()) {
            lines.add(LocalJson.line(LocalJson.MAPPER.createObjectNode().put("decision", "skip: this event was already routed (ledger)")));
            return lines;
        }
        for (GateDecision d : result.decisions()) {
            ObjectNode line = LocalJson.MAPPER.createObjectNode().put("decision", RouteAlert.describe(d));
            if (!d.alert().dedupeKey().equals(alert.dedupeKey())) {
                line.put("dedupeKey", d.alert().dedupeKey().value());
            }
            lines.add(LocalJson.line(line));
        }
        for (RouteAlert.DeliveryOutcome o : result.deliveries()) {
            ObjectNode line = LocalJson.MAPPER.createObjectNode();
            ObjectNode delivery = line.putObject("delivery")
                    .put("channel", o.delivery().channel().name())
                    .put("kind", o.delivery().channel().kind().name())
                    .put("action", o.delivery().action().name())
                    .put("rule", o.delivery().rule())
                    .put("status", o.status().name());
            if (o.delivery().note() != null) {
                delivery.put("note", o.delivery().note());
            }
            if (o.detail() != null) {
                delivery.put("detail", o.detail());
            }
            lines.add(LocalJson.line(line));
        }
        return lines;
    }

    /** Whether a delivery failed and was kept as a dead letter (opsctl then exits 3). */
    static boolean anyDeadLettered(RouteAlert.Result result) {
        return !result.duplicateEvent() && result.deliveries().stream().anyMatch(o -> o.status() == RouteAlert.Status.DEAD_LETTERED);
    }
}
