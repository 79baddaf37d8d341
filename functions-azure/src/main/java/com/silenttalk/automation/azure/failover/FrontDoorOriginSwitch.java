package com.silenttalk.automation.azure.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.TrafficRouter;
import com.silenttalk.automation.core.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Moves traffic by origin priority in an Azure Front Door (Standard/Premium) origin group: the
 * origin in front of the new primary's region gets priority 1 (Front Door sends traffic to the
 * lowest priority value among healthy origins). Uses the documented "AFD Origins - List By Origin
 * Group" GET and "AFD Origins - Update" PATCH of {@code properties.priority} (Microsoft.Cdn,
 * api-version {@value #API_VERSION}).
 *
 * <p>Order matters: every other origin that ranks with or ahead of the target is first demoted
 * below the target's current priority, and only then is the target raised to 1. Traffic therefore
 * never spreads over the old region and the new one at equal priority while the switch is under way.
 * Idempotent: a repeat finds the target at 1 and changes nothing. An update that ARM has not
 * finished within the polls one call may spend fails the step (the chain halts); resuming re-reads
 * the origins and only checks that their deployment finished.
 */
public final class FrontDoorOriginSwitch implements TrafficRouter {
    public static final String API_VERSION = "2024-02-01";
    private static final int LOWEST_PRIORITY = 5;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._()-]{1,260}");

    /**
     * The origin group and which origin serves the app tier in front of each database node.
     *
     * @param originByNode failover node name (as the plan names it) to origin name in the group
     */
    public record OriginGroup(String subscriptionId, String resourceGroup, String profile, String originGroup,
                              Map<String, String> originByNode) {
        public OriginGroup {
            segment("subscriptionId", subscriptionId);
            segment("resourceGroup", resourceGroup);
            segment("frontDoorProfile", profile);
            segment("originGroup", originGroup);
            if (originByNode == null || originByNode.isEmpty()) {
                throw new InvalidFieldException("originByNode", "must map at least the failover target to an origin");
            }
            originByNode.forEach((node, origin) -> segment("originByNode." + node, origin));
            originByNode = Map.copyOf(originByNode);
        }

        String originsPath() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Cdn/profiles/"
                    + profile + "/originGroups/" + originGroup + "/origins";
        }

        String originPath(String origin) {
            return originsPath() + "/" + origin;
        }

        private static void segment(String field, String value) {
            if (value == null || !SEGMENT.matcher(value).matches()) {
                throw new InvalidFieldException(field, "must be an Azure resource name, got " + UntrustedText.quoted(value));
            }
        }
    }

    private record Origin(String name, int priority, String provisioningState) {
    }

    private final ArmClient arm;
    private final OriginGroup group;

    public FrontDoorOriginSwitch(ArmClient arm, OriginGroup group) {
        this.arm = Objects.requireNonNull(arm, "arm").withApiVersion(API_VERSION);
        this.group = Objects.requireNonNull(group, "group");
    }

    @Override
    public String switchTo(FailoverPlan plan) {
        String target = group.originByNode().get(plan.to());
        if (target == null) {
            throw new InvalidFieldException("originByNode", "no Front Door origin is configured for " + plan.to());
        }
        Map<String, Origin> origins = list();
        Origin current = origins.get(target);
        if (current == null) {
            throw new IllegalStateException("origin group " + group.originGroup() + " has no origin " + target);
        }
        List<Origin> ahead = origins.values().stream()
                .filter(o -> !o.name().equals(target) && o.priority() <= current.priority()).toList();
        if (current.priority() == 1 && ahead.isEmpty()) {
            List<String> deploying = origins.values().stream().filter(o -> !"Succeeded".equals(o.provisioningState()))
                    .map(o -> o.name() + " " + o.provisioningState()).toList();
            if (!deploying.isEmpty()) {
                throw new IllegalStateException("origin priorities are set but not deployed yet: " + deploying + "; resume to check again");
            }
            return target + " already has priority 1 in " + group.originGroup();
        }
        if (current.priority() >= LOWEST_PRIORITY && !ahead.isEmpty()) {
            throw new IllegalStateException(target + " has priority " + current.priority()
                    + ", so the other origins cannot be ranked below it; give it a priority under " + LOWEST_PRIORITY + " first");
        }
        List<String> changes = new ArrayList<>();
        for (Origin other : ahead) {
            setPriority(other.name(), current.priority() + 1);
            changes.add(other.name() + " " + other.priority() + "->" + (current.priority() + 1));
        }
        if (current.priority() != 1) {
            setPriority(target, 1);
            changes.add(target + " " + current.priority() + "->1");
        }
        return "Front Door origin group " + group.originGroup() + " now prefers " + target + " (" + String.join(", ", changes) + ")";
    }

    private Map<String, Origin> list() {
        JsonNode page = ArmClient.requireSuccess("list origins of " + group.originGroup(), arm.get(group.originsPath())).body();
        if (page.hasNonNull("nextLink")) {
            throw new IllegalStateException("origin group " + group.originGroup() + " has more origins than one page; not supported");
        }
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (JsonNode o : page.path("value")) {
            JsonNode properties = o.path("properties");
            origins.put(o.path("name").asText(), new Origin(o.path("name").asText(), properties.path("priority").asInt(1),
                    properties.path("provisioningState").asText("Unknown")));
        }
        return origins;
    }

    private void setPriority(String origin, int priority) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("properties").put("priority", priority);
        String operation = "priority " + priority + " for Front Door origin " + origin;
        LongRunning outcome = arm.follow(operation, arm.patch(group.originPath(origin), body));
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            throw new IllegalStateException(operation + " is still " + running.status() + "; resume to check again");
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Cdn/profiles/originGroups/origins/read",
                "Microsoft.Cdn/profiles/originGroups/origins/write");
    }
}
