package com.silenttalk.automation.core.scaling;

import java.util.List;

/** Reads and sets the instance (task) count of a scaling target: ECS service, App Service plan. */
public interface CapacityScaler {
    int currentCount(ScalingTarget target);

    void setDesiredCount(ScalingTarget target, int count);

    /** Cloud permissions the adapter needs (e.g. ecs:DescribeServices, ecs:UpdateService). */
    List<String> requiredActions();
}
