package com.silenttalk.automation.aws.scaling;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.scaling.CapacityScaler;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.core.UntrustedText;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The desired task count of an ECS service. Targets are written {@code cluster/service}. The
 * current count is read with DescribeServices (the desired count, not the running one: the
 * decider reasons about what was asked for) and set with UpdateService.
 */
public final class EcsCapacityScaler implements CapacityScaler {
    public static final List<String> REQUIRED_ACTIONS = List.of("ecs:DescribeServices", "ecs:UpdateService");

    private final EcsClient ecs;

    public EcsCapacityScaler(EcsClient ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public int currentCount(ScalingTarget target) {
        String[] cs = split(target);
        DescribeServicesResponse response = ecs.describeServices(b -> b.cluster(cs[0]).services(cs[1]));
        return response.services().stream()
                .filter(s -> cs[1].equals(s.serviceName()) || cs[1].equals(s.serviceArn()))
                .findFirst()
                .filter(s -> "ACTIVE".equals(s.status()))
                .map(Service::desiredCount)
                .orElseThrow(() -> new InvalidFieldException("target", "ECS service " + target + " is not an ACTIVE service"
                        + response.failures().stream().map(f -> " (" + f.reason() + ")").findFirst().orElse("")));
    }

    @Override
    public void setDesiredCount(ScalingTarget target, int count) {
        String[] cs = split(target);
        ecs.updateService(b -> b.cluster(cs[0]).service(cs[1]).desiredCount(count));
    }

    @Override
    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }

    private static String[] split(ScalingTarget target) {
        String[] parts = target.value().split("/", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new InvalidFieldException("target", "must be cluster/service, got " + UntrustedText.quoted(target));
        }
        return parts;
    }
}
