package com.silenttalk.automation.alerting.channels.outbound;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Delivery;
import java.util.LinkedHashMap;
import java.util.Map;

/** The words every channel shows for a delivery, so Slack, Teams and PagerDuty say the same thing. */
public final class AlertText {
    private AlertText() {
    }

    public static String title(Delivery d) {
        Alert a = d.alert();
        return (a.isFiring() ? "FIRING" : "RESOLVED") + ": " + a.name();
    }

    public static String where(Alert a) {
        return a.account() + " / " + a.region();
    }

    /** Facts shown as fields, in order. */
    public static Map<String, String> facts(Delivery d) {
        Alert a = d.alert();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Severity", a.severity().wireName());
        f.put("Service", a.service());
        f.put("Resource", a.resource());
        f.put("Metric", a.metric());
        f.put("Account / region", where(a));
        f.put(a.isFiring() ? "Started" : "Resolved", a.isFiring() ? a.startedAt().toString() : a.changedAt().toString());
        return f;
    }

    public static String context(Delivery d) {
        Alert a = d.alert();
        String pairing = a.isFiring() ? "" : "Resolves the alert that fired at " + a.startedAt() + ". ";
        return pairing + "Rule " + d.rule() + " · key " + a.dedupeKey() + (d.note() == null ? "" : " · " + d.note());
    }

    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
