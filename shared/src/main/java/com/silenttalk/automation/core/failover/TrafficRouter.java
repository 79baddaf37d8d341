package com.silenttalk.automation.core.failover;

import java.util.List;

/** Points clients at a node: a Route 53 record, a Front Door origin group, a local endpoint file. */
public interface TrafficRouter {
    String switchTo(FailoverPlan plan);

    List<String> requiredActions();
}
