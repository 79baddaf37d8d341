package com.silenttalk.automation.alerting.channels.inbound;

import com.silenttalk.automation.alerting.channels.outbound.ChannelEndpoint;
import com.silenttalk.automation.core.alerting.MaintenanceWindow;
import com.silenttalk.automation.core.alerting.RoutingRules;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.util.List;
import java.util.Map;

/** Everything the rules file says: channels (with the variables holding their secrets), rules, suppression. */
public record AlertingConfig(
        RoutingRules rules,
        Map<String, ChannelEndpoint> endpoints,
        SuppressionPolicy suppression,
        List<MaintenanceWindow> maintenance) {

    public AlertingConfig {
        endpoints = Map.copyOf(endpoints);
        maintenance = List.copyOf(maintenance);
    }
}
