package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.TreeMap;

/** What {@code opsctl scale} scales when no --target names it: read from the alarm. */
final class AlarmTarget {
    private AlarmTarget() {
    }

    static ScalingTarget of(String named, Alert alert) {
        return new ScalingTarget(named != null ? named : of(alert));
    }

    /** "cluster/service" from ECS dimensions; otherwise the alert's resource (an App Service plan ID, ...). */
    static String of(Alert alert) {
        TreeMap<String, String> dims = new TreeMap<>();
        for (String part : alert.resource().split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                dims.put(kv[0], kv[1]);
            }
        }
        if (dims.containsKey("ClusterName") && dims.containsKey("ServiceName")) {
            return dims.get("ClusterName") + "/" + dims.get("ServiceName");
        }
        return alert.resource();
    }
}
