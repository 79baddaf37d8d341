package com.silenttalk.automation.azure.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.scaling.CapacityScaler;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.core.UntrustedText;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instance count of an App Service plan ({@code Microsoft.Web/serverfarms}, api-version
 * {@value #API_VERSION}). Targets are the plan's resource ID. The count is the plan's
 * {@code sku.capacity}, read with "App Service Plans - Get".
 *
 * <p>It is changed with "App Service Plans - Create Or Update" (PUT), not "Update" (PATCH): the
 * documented PATCH body ({@code AppServicePlanPatchResource}) carries {@code kind} and
 * {@code properties} only, no {@code sku}. The PUT repeats what the GET returned (location, kind,
 * tags, sku, the writable properties) with only {@code sku.capacity} changed, so nothing else on
 * the plan is reset. A count above the plan's {@code maximumNumberOfWorkers} is refused before the
 * write.
 */
public final class AppServicePlanScaler implements CapacityScaler {
    public static final String API_VERSION = "2023-12-01";
    private static final Pattern PLAN_ID = Pattern.compile(
            "/subscriptions/([0-9a-fA-F-]{36})/resourceGroups/([-\\w._()]{1,90})/providers/Microsoft\\.Web/serverfarms/([-\\w]{1,60})",
            Pattern.CASE_INSENSITIVE);
    /** The writable properties a PUT must repeat; read-only ones (status, numberOfSites...) are left out. */
    private static final List<String> WRITABLE_PROPERTIES = List.of("perSiteScaling", "elasticScaleEnabled",
            "maximumElasticWorkerCount", "isSpot", "spotExpirationTime", "freeOfferExpirationTime", "reserved", "isXenon",
            "hyperV", "targetWorkerCount", "targetWorkerSizeId", "hostingEnvironmentProfile", "kubeEnvironmentProfile",
            "zoneRedundant", "workerTierName");

    private final ArmClient arm;

    public AppServicePlanScaler(ArmClient arm) {
        this.arm = Objects.requireNonNull(arm, "arm").withApiVersion(API_VERSION);
    }

    @Override
    public int currentCount(ScalingTarget target) {
        return capacity(target, read(target));
    }

    @Override
    public void setDesiredCount(ScalingTarget target, int count) {
        if (count < 1) {
            throw new InvalidFieldException("count", "must be at least 1, got " + count);
        }
        String path = path(target);
        JsonNode plan = read(target);
        int current = capacity(target, plan);
        if (current == count) {
            return;
        }
        int maximum = plan.path("properties").path("maximumNumberOfWorkers").asInt(0);
        if (maximum > 0 && count > maximum) {
            throw new InvalidFieldException("count", "App Service plan " + target + " allows at most " + maximum
                    + " instances on its SKU, asked for " + count);
        }
        String operation = "scale of App Service plan " + target + " from " + current + " to " + count;
        LongRunning outcome = arm.follow(operation, arm.put(path, withCapacity(plan, count)));
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            throw new IllegalStateException(operation + " is still " + running.status() + " after the polls one call may spend");
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Web/serverfarms/read", "Microsoft.Web/serverfarms/write");
    }

    private JsonNode read(ScalingTarget target) {
        return ArmClient.requireSuccess("GET App Service plan " + target, arm.get(path(target))).body();
    }

    private static int capacity(ScalingTarget target, JsonNode plan) {
        JsonNode capacity = plan.path("sku").path("capacity");
        if (!capacity.canConvertToInt() || !capacity.isIntegralNumber()) {
            throw new IllegalStateException("App Service plan " + target + " reports no sku.capacity");
        }
        return capacity.intValue();
    }

    static ObjectNode withCapacity(JsonNode plan, int count) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("location", plan.path("location"));
        for (String optional : List.of("kind", "tags")) {
            if (plan.has(optional)) {
                body.set(optional, plan.get(optional));
            }
        }
        ObjectNode sku = plan.path("sku").deepCopy();
        sku.put("capacity", count);
        body.set("sku", sku);
        ObjectNode properties = body.putObject("properties");
        JsonNode current = plan.path("properties");
        for (String name : WRITABLE_PROPERTIES) {
            if (current.has(name) && !current.get(name).isNull()) {
                properties.set(name, current.get(name));
            }
        }
        return body;
    }

    static String path(ScalingTarget target) {
        Matcher m = PLAN_ID.matcher(target.value());
        if (!m.matches()) {
            throw new InvalidFieldException("target", "must be an App Service plan resource ID"
                    + " (/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.Web/serverfarms/{name}), got " + UntrustedText.quoted(target));
        }
        return "/subscriptions/" + m.group(1) + "/resourceGroups/" + m.group(2) + "/providers/Microsoft.Web/serverfarms/" + m.group(3);
    }
}
