package com.silenttalk.automation.infra.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The platform requirements of issue 8 as executable checks over infra/azure/platform.json. */
final class AzurePlatformPolicies {

    private static final Pattern PARAMETER = Pattern.compile("^\\[parameters\\('([^']+)'\\)]$");

    private AzurePlatformPolicies() {
    }

    static List<ObjectNode> resources(JsonNode template, String type) {
        List<ObjectNode> found = new ArrayList<>();
        for (JsonNode resource : template.path("resources")) {
            if (resource.path("type").asText().equalsIgnoreCase(type)) {
                found.add((ObjectNode) resource);
            }
        }
        return found;
    }

    /** A literal value, or the defaultValue of the parameter an expression names. */
    static JsonNode resolve(JsonNode template, JsonNode value) {
        Matcher matcher = PARAMETER.matcher(value.asText());
        if (value.isTextual() && matcher.matches()) {
            JsonNode parameter = template.path("parameters").path(matcher.group(1));
            if (parameter.has("defaultValue")) {
                return parameter.path("defaultValue");
            }
        }
        return value;
    }

    static List<String> networkIsZoneRedundant(JsonNode t) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> vnets = resources(t, "Microsoft.Network/virtualNetworks");
        if (vnets.size() != 1) {
            violations.add("expected one virtual network, found " + vnets.size());
            return violations;
        }
        List<String> subnets = new ArrayList<>();
        vnets.get(0).at("/properties/subnets").forEach(s -> subnets.add(s.path("name").asText()));
        if (!subnets.containsAll(List.of("app-server", "app-client", "database", "private-endpoints", "turn"))) {
            violations.add("subnets " + subnets + " must include app-server, app-client, database, private-endpoints, turn");
        }
        if (resources(t, "Microsoft.Network/natGateways").isEmpty()) {
            violations.add("no NAT gateway for outbound traffic");
        }
        for (String type : List.of("Microsoft.Network/publicIPAddresses", "Microsoft.Cache/redis",
                "Microsoft.Compute/virtualMachineScaleSets")) {
            for (ObjectNode resource : resources(t, type)) {
                if (!resource.path("zones").toString().equals("[\"1\",\"2\",\"3\"]")) {
                    violations.add(type + " must span zones 1, 2 and 3");
                }
            }
        }
        for (ObjectNode plan : resources(t, "Microsoft.Web/serverfarms")) {
            if (!plan.at("/properties/zoneRedundant").asBoolean(false)) {
                violations.add("App Service plan " + plan.path("name").asText() + " must be zoneRedundant");
            }
        }
        return violations;
    }

    static List<String> databaseHasZoneRedundantHa(JsonNode t) {
        return each(t, "Microsoft.DBforPostgreSQL/flexibleServers", (db, violations) ->
                expect(violations, db, "/properties/highAvailability/mode", "ZoneRedundant"));
    }

    static List<String> databaseKeepsThirtyDaysOfGeoRedundantBackups(JsonNode t) {
        return each(t, "Microsoft.DBforPostgreSQL/flexibleServers", (db, violations) -> {
            expect(violations, db, "/properties/backup/backupRetentionDays", "30");
            expect(violations, db, "/properties/backup/geoRedundantBackup", "Enabled");
        });
    }

    static List<String> databaseRequiresSecureTransport(JsonNode t) {
        List<String> violations = new ArrayList<>();
        boolean secure = false;
        boolean tls13 = false;
        for (ObjectNode setting : resources(t, "Microsoft.DBforPostgreSQL/flexibleServers/configurations")) {
            String name = setting.path("name").asText();
            String value = setting.at("/properties/value").asText();
            secure |= name.contains("/require_secure_transport'") && value.equalsIgnoreCase("ON");
            tls13 |= name.contains("/ssl_min_protocol_version'") && value.equals("TLSv1.3");
        }
        if (!secure) {
            violations.add("require_secure_transport must be ON");
        }
        if (!tls13) {
            violations.add("ssl_min_protocol_version must be TLSv1.3");
        }
        for (ObjectNode db : resources(t, "Microsoft.DBforPostgreSQL/flexibleServers")) {
            expect(violations, db, "/properties/network/publicNetworkAccess", "Disabled");
        }
        return violations;
    }

    static List<String> cacheIsPremiumZoneRedundantTlsOnly(JsonNode t) {
        return each(t, "Microsoft.Cache/redis", (cache, violations) -> {
            expect(violations, cache, "/properties/sku/name", "Premium");
            expect(violations, cache, "/properties/enableNonSslPort", "false");
            expect(violations, cache, "/properties/publicNetworkAccess", "Disabled");
            if (!cache.at("/properties").has("shardCount")) {
                violations.add("Redis must be clustered (shardCount)");
            }
            if (cache.at("/properties/replicasPerPrimary").asInt(0) < 2) {
                violations.add("Redis needs a replica in each of the other two zones (replicasPerPrimary >= 2)");
            }
        });
    }

    static List<String> storageIsZrsVersionedWithSoftDelete(JsonNode t) {
        List<String> violations = each(t, "Microsoft.Storage/storageAccounts", (account, v) -> {
            expect(v, account, "/sku/name", "Standard_ZRS");
            expect(v, account, "/properties/allowBlobPublicAccess", "false");
            expect(v, account, "/properties/supportsHttpsTrafficOnly", "true");
            expect(v, account, "/properties/minimumTlsVersion", "TLS1_3");
        });
        violations.addAll(each(t, "Microsoft.Storage/storageAccounts/blobServices", (blob, v) -> {
            expect(v, blob, "/properties/isVersioningEnabled", "true");
            expect(v, blob, "/properties/deleteRetentionPolicy/enabled", "true");
            expect(v, blob, "/properties/deleteRetentionPolicy/days", "30");
            expect(v, blob, "/properties/containerDeleteRetentionPolicy/enabled", "true");
        }));
        if (resources(t, "Microsoft.Storage/storageAccounts/managementPolicies").isEmpty()) {
            violations.add("no lifecycle management policy");
        }
        return violations;
    }

    static List<String> appTiersAutoscaleThreeToTenAt70And30ForFiveMinutes(JsonNode t) {
        List<String> violations = new ArrayList<>();
        int plans = 0;
        for (ObjectNode setting : resources(t, "Microsoft.Insights/autoscalesettings")) {
            if (!setting.at("/properties/targetResourceUri").asText().contains("Microsoft.Web/serverfarms")) {
                continue;
            }
            plans++;
            checkAutoscale(violations, setting, "CpuPercentage", 3, 10);
        }
        if (plans != 2) {
            violations.add("expected autoscale settings for the server and client plans, found " + plans);
        }
        return violations;
    }

    static List<String> appTiersHaveHealthChecksAndTls13(JsonNode t) {
        return each(t, "Microsoft.Web/sites", (site, violations) -> {
            if (!site.at("/properties/siteConfig").has("healthCheckPath")) {
                violations.add(site.path("name").asText() + ": siteConfig.healthCheckPath is required");
            }
            expect(violations, site, "/properties/httpsOnly", "true");
            expect(violations, site, "/properties/siteConfig/minTlsVersion", "1.3");
            expect(violations, site, "/properties/siteConfig/ipSecurityRestrictionsDefaultAction", "Deny");
        });
    }

    static List<String> wafLimitsEachIpTo2000RequestsPerFiveMinutes(JsonNode t) {
        return rateRule(t, false, 2000);
    }

    static List<String> wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes(JsonNode t) {
        return rateRule(t, true, 1000);
    }

    private static List<String> rateRule(JsonNode t, boolean api, int threshold) {
        return each(t, "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies", (waf, violations) -> {
            boolean found = false;
            for (JsonNode rule : waf.at("/properties/customRules/rules")) {
                if (!"RateLimitRule".equals(rule.path("ruleType").asText())) {
                    continue;
                }
                boolean apiScoped = rule.path("matchConditions").toString().contains("/api");
                if (apiScoped != api) {
                    continue;
                }
                found = true;
                if (rule.path("rateLimitThreshold").asInt() != threshold || rule.path("rateLimitDurationInMinutes").asInt() != 5
                        || !rule.path("groupBy").toString().contains("SocketAddr") || !"Block".equals(rule.path("action").asText())) {
                    violations.add("rule " + rule.path("name").asText() + " must block above " + threshold
                            + " requests per client IP per 5 minutes, found " + rule.path("rateLimitThreshold").asText()
                            + " per " + rule.path("rateLimitDurationInMinutes").asText() + " min");
                }
            }
            if (!found) {
                violations.add("no " + (api ? "/api " : "general ") + "rate limit rule");
            }
        });
    }

    static List<String> wafUsesManagedOwaspRulesInPrevention(JsonNode t) {
        List<String> violations = each(t, "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies", (waf, v) -> {
            expect(v, waf, "/properties/policySettings/mode", "Prevention");
            if (!waf.at("/properties/managedRules/managedRuleSets").toString().contains("Microsoft_DefaultRuleSet")) {
                v.add("the Default Rule Set (OWASP-based) must be enabled");
            }
        });
        boolean attached = resources(t, "Microsoft.Cdn/profiles/securityPolicies").stream().anyMatch(policy ->
                "WebApplicationFirewall".equals(policy.at("/properties/parameters/type").asText())
                        && policy.at("/properties/parameters/associations/0/patternsToMatch").toString().contains("/*"));
        if (!attached) {
            violations.add("the WAF policy is not attached to the Front Door endpoint for /*");
        }
        return violations;
    }

    static List<String> frontDoorServesHttpsOnly(JsonNode t) {
        List<String> violations = each(t, "Microsoft.Cdn/profiles/afdEndpoints/routes", (route, v) -> {
            expect(v, route, "/properties/supportedProtocols", "[\"Https\"]");
            expect(v, route, "/properties/forwardingProtocol", "HttpsOnly");
        });
        violations.addAll(each(t, "Microsoft.Cdn/profiles/customDomains", (domain, v) ->
                expect(v, domain, "/properties/tlsSettings/minimumTlsVersion", "TLS12")));
        return violations;
    }

    static List<String> turnRunsTwoToSixStandardB2s(JsonNode t) {
        List<String> violations = each(t, "Microsoft.Compute/virtualMachineScaleSets", (vmss, v) -> {
            if (!"Standard_B2s".equals(resolve(t, vmss.at("/sku/name")).asText())) {
                v.add("TURN VMs must be Standard_B2s, found " + resolve(t, vmss.at("/sku/name")).asText());
            }
            expect(v, vmss, "/sku/capacity", "2");
        });
        int found = 0;
        for (ObjectNode setting : resources(t, "Microsoft.Insights/autoscalesettings")) {
            if (setting.at("/properties/targetResourceUri").asText().contains("virtualMachineScaleSets")) {
                found++;
                checkAutoscale(violations, setting, "Percentage CPU", 2, 6);
            }
        }
        if (found != 1) {
            violations.add("expected one autoscale setting for the TURN scale set, found " + found);
        }
        return violations;
    }

    static List<String> turnOpensSignallingTlsAndRelayPorts(JsonNode t) {
        List<String> violations = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (ObjectNode nsg : resources(t, "Microsoft.Network/networkSecurityGroups")) {
            for (JsonNode rule : nsg.at("/properties/securityRules")) {
                JsonNode p = rule.path("properties");
                if ("Allow".equals(p.path("access").asText()) && "Inbound".equals(p.path("direction").asText())) {
                    open.add(p.path("protocol").asText().toLowerCase() + " " + p.path("destinationPortRange").asText());
                }
            }
        }
        for (String needed : List.of("udp 3478", "tcp 3478", "tcp 5349", "udp 49152-65535")) {
            if (!open.contains(needed)) {
                violations.add("the TURN NSG does not open " + needed);
            }
        }
        return violations;
    }

    static List<String> turnReadsLongTermCredentialsFromKeyVault(JsonNode t) {
        List<String> violations = new ArrayList<>();
        String script = t.at("/variables/turnBootScript").asText();
        for (String needed : List.of("secret turn-password", "secret turn-username", "setup-turn-server.sh",
                "vault.azure.net")) {
            if (!script.contains(needed)) {
                violations.add("turnBootScript does not contain " + needed);
            }
        }
        for (ObjectNode vmss : resources(t, "Microsoft.Compute/virtualMachineScaleSets")) {
            if (!vmss.at("/properties/virtualMachineProfile/osProfile/customData").asText().contains("turnBootScript")) {
                violations.add("the TURN scale set does not run turnBootScript");
            }
        }
        if (resources(t, "Microsoft.KeyVault/vaults/secrets").stream().noneMatch(s -> s.path("name").asText().contains("/turn-password'"))) {
            violations.add("no turn-password secret in Key Vault");
        }
        return violations;
    }

    static List<String> keyVaultHasSoftDeletePurgeProtectionRbacAndFirewall(JsonNode t) {
        return each(t, "Microsoft.KeyVault/vaults", (vault, violations) -> {
            expect(violations, vault, "/properties/enableSoftDelete", "true");
            expect(violations, vault, "/properties/enablePurgeProtection", "true");
            expect(violations, vault, "/properties/enableRbacAuthorization", "true");
            expect(violations, vault, "/properties/networkAcls/defaultAction", "Deny");
        });
    }

    static List<String> backupVaultIsGeoRedundantWithThirtyDayPolicy(JsonNode t) {
        List<String> violations = each(t, "Microsoft.DataProtection/backupVaults", (vault, v) ->
                expect(v, vault, "/properties/storageSettings/0/type", "GeoRedundant"));
        if (resources(t, "Microsoft.DataProtection/backupVaults/backupPolicies").stream().noneMatch(policy ->
                policy.at("/properties/policyRules").toString().contains("\"P30D\""))) {
            violations.add("no backup policy keeping 30 days");
        }
        return violations;
    }

    static final int SUITE_RETENTION_DAYS = 30;

    /** Issue 15: the Data Protection vault's immutability is Locked (irreversible), by default and in every allowed value's effect. */
    static List<String> backupVaultImmutabilityIsLocked(JsonNode t) {
        return each(t, "Microsoft.DataProtection/backupVaults", (vault, violations) -> {
            JsonNode state = vault.at("/properties/securitySettings/immutabilitySettings/state");
            expectLocked(t, violations, vault, "/properties/securitySettings/immutabilitySettings/state", state);
        });
    }

    /**
     * Issue 15: the containers holding the suite's dumps and manifests (the backups container of the primary and the
     * paired account) have version-level immutability, and their accounts a Locked time-based retention policy of at
     * least the suite's retention, on versioned blob services.
     */
    static List<String> backupContainersAreImmutableUnderALockedRetentionPolicy(JsonNode t) {
        List<String> violations = new ArrayList<>();
        Set<String> locations = new TreeSet<>();
        List<ObjectNode> containers = resources(t, "Microsoft.Storage/storageAccounts/blobServices/containers").stream()
                .filter(c -> c.path("name").asText().matches("\\[format\\('\\{0}/default/backups', variables\\('[A-Za-z]+'\\)\\)]")).toList();
        if (containers.size() != 2) {
            violations.add("expected the backups container in the primary and the paired account, found " + containers.size());
        }
        for (ObjectNode container : containers) {
            expect(violations, container, "/properties/immutableStorageWithVersioning/enabled", "true");
            String accountVariable = container.path("name").asText().replaceAll(".*variables\\('([^']+)'\\).*", "$1");
            ObjectNode account = resources(t, "Microsoft.Storage/storageAccounts").stream()
                    .filter(a -> a.path("name").asText().equals("[variables('" + accountVariable + "')]")).findFirst().orElse(null);
            if (account == null) {
                violations.add(container.path("name").asText() + ": no storage account " + accountVariable + " in platform.json");
                continue;
            }
            locations.add(account.path("location").asText());
            expect(violations, account, "/properties/immutableStorageWithVersioning/enabled", "true");
            expectLocked(t, violations, account, "/properties/immutableStorageWithVersioning/immutabilityPolicy/state",
                    account.at("/properties/immutableStorageWithVersioning/immutabilityPolicy/state"));
            expect(violations, account, "/properties/immutableStorageWithVersioning/immutabilityPolicy/allowProtectedAppendWrites", "false");
            JsonNode days = account.at("/properties/immutableStorageWithVersioning/immutabilityPolicy/immutabilityPeriodSinceCreationInDays");
            int least = minimum(t, days);
            if (least < SUITE_RETENTION_DAYS) {
                violations.add(account.path("name").asText() + ": blob versions are immutable for " + least
                        + " days, less than the suite's " + SUITE_RETENTION_DAYS + "-day retention");
            }
            boolean versioned = resources(t, "Microsoft.Storage/storageAccounts/blobServices").stream().anyMatch(b ->
                    b.path("name").asText().contains("variables('" + accountVariable + "')")
                            && b.at("/properties/isVersioningEnabled").asBoolean(false));
            if (!versioned) {
                violations.add(account.path("name").asText() + ": version-level immutability needs blob versioning enabled");
            }
        }
        if (!locations.equals(Set.of("[parameters('location')]", "[parameters('drLocation')]"))) {
            violations.add("the backup accounts must be in location and drLocation, found " + locations);
        }
        return violations;
    }

    /** "Locked" literally, or a parameter whose default is Locked and that cannot be set to Disabled. */
    private static void expectLocked(JsonNode t, List<String> violations, ObjectNode resource, String pointer, JsonNode state) {
        Matcher matcher = PARAMETER.matcher(state.asText());
        JsonNode allowed = matcher.matches() ? t.path("parameters").path(matcher.group(1)).path("allowedValues") : null;
        if (!"Locked".equals(resolve(t, state).asText())) {
            violations.add(resource.path("type").asText() + " " + resource.path("name").asText() + ": " + pointer
                    + " must be Locked, found " + resolve(t, state).asText(state.toString()));
        } else if (allowed != null && (allowed.isMissingNode() || allowed.toString().contains("\"Disabled\""))) {
            violations.add(resource.path("type").asText() + " " + resource.path("name").asText() + ": " + pointer
                    + " comes from a parameter that allows " + (allowed.isMissingNode() ? "any value" : allowed.toString()));
        }
    }

    /** A literal number, or the minValue of the parameter an expression names (the least any deployment can set). */
    private static int minimum(JsonNode t, JsonNode value) {
        Matcher matcher = PARAMETER.matcher(value.asText());
        if (value.isTextual() && matcher.matches()) {
            return t.path("parameters").path(matcher.group(1)).path("minValue").asInt(0);
        }
        return value.asInt(0);
    }

    static final String ACTION_GROUP_ID = "[resourceId('Microsoft.Insights/actionGroups', variables('actionGroupName'))]";
    static final String SERVER_PLAN_ID = "[resourceId('Microsoft.Web/serverfarms', variables('serverPlanName'))]";
    static final String CLIENT_PLAN_ID = "[resourceId('Microsoft.Web/serverfarms', variables('clientPlanName'))]";
    static final String ALERT_FUNCTION_SCALES = "[variables('alertFunctionScales')]";

    /**
     * The seed's alert set: each alert with its threshold and its 5-minute window (one hour for
     * backup health, which the vault reports hourly), and every alert routed to the one action group
     * that calls the alert function with the common alert schema.
     */
    static List<String> alertsCoverTheSeedThresholdsAndReachTheAlertFunction(JsonNode t) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> alerts = resources(t, "Microsoft.Insights/metricAlerts");
        requireAlert(violations, alerts, "CPU > 70 for 5 minutes", a -> metric(a).contains("cpu")
                && threshold(a, "GreaterThan", "70") && window(a, "PT5M"));
        requireAlert(violations, alerts, "memory > 80", a -> metric(a).contains("memory") && threshold(a, "GreaterThan", "80")
                && window(a, "PT5M"));
        requireAlert(violations, alerts, "DB connections > 80%", a -> metric(a).equals("active_connections")
                && criterion(a).path("operator").asText().equals("GreaterThan")
                && criterion(a).path("threshold").asText().equals("[div(mul(parameters('dbMaxConnections'), 80), 100)]")
                && window(a, "PT5M"));
        requireAlert(violations, alerts, "disk > 85%", a -> metric(a).equals("storage_percent") && threshold(a, "GreaterThan", "85")
                && window(a, "PT5M"));
        requireAlert(violations, alerts, "5xx > 10 in 5 minutes at the edge", a -> criterion(a).path("dimensions").toString().contains("5XX")
                && threshold(a, "GreaterThan", "10") && "Total".equals(criterion(a).path("timeAggregation").asText()) && window(a, "PT5M"));
        requireAlert(violations, alerts, "server 5xx > 10 in 5 minutes", a -> metric(a).equals("http5xx")
                && threshold(a, "GreaterThan", "10") && "Total".equals(criterion(a).path("timeAggregation").asText()) && window(a, "PT5M"));
        requireAlert(violations, alerts, "health checks", a -> metric(a).equals("healthcheckstatus") && threshold(a, "LessThan", "100"));
        requireAlert(violations, alerts, "backup failures", a -> metric(a).equals("backuphealthevent") && window(a, "PT1H"));
        for (ObjectNode alert : alerts) {
            JsonNode actions = alert.at("/properties/actions");
            if (actions.size() != 1 || !ACTION_GROUP_ID.equals(actions.get(0).path("actionGroupId").asText())) {
                violations.add(alert.path("name").asText() + " does not notify exactly the suite's action group");
            }
            if (!alert.at("/properties/enabled").asBoolean(false)) {
                violations.add(alert.path("name").asText() + " is not enabled");
            }
        }
        List<ObjectNode> groups = resources(t, "Microsoft.Insights/actionGroups");
        boolean webhook = groups.size() == 1 && groups.get(0).at("/properties/enabled").asBoolean(false)
                && groups.get(0).at("/properties/webhookReceivers").size() == 1
                && groups.get(0).at("/properties/webhookReceivers/0/serviceUri").asText().equals("[parameters('alertFunctionWebhookUrl')]")
                && groups.get(0).at("/properties/webhookReceivers/0/useCommonAlertSchema").asBoolean(false);
        if (!webhook) {
            violations.add("one enabled action group must call alertFunctionWebhookUrl with the common alert schema");
        }
        return violations;
    }

    /**
     * Alarm-driven scaling of the app plans has exactly one controller, chosen by {@code appScaling}:
     * the CPU and 5xx alerts name the direction and the plan (webHookProperties arrive as the common
     * schema's customProperties); the scale-in alerts, the scaler role (exactly {@code scalerActions})
     * and its assignments on the plans exist only when the alert function scales, and then the
     * autoscale settings are disabled.
     */
    static List<String> appPlansScaleOnAlarmsWithOneController(JsonNode t, List<String> scalerActions) {
        List<String> violations = new ArrayList<>();
        JsonNode choice = t.at("/parameters/appScaling");
        if (!"autoscale".equals(choice.path("defaultValue").asText())
                || !choice.path("allowedValues").toString().equals("[\"autoscale\",\"alertFunction\"]")) {
            violations.add("parameter appScaling must allow autoscale (the default) and alertFunction");
        }
        if (!"[equals(parameters('appScaling'), 'alertFunction')]".equals(t.at("/variables/alertFunctionScales").asText())) {
            violations.add("variable alertFunctionScales must follow appScaling");
        }
        for (ObjectNode setting : resources(t, "Microsoft.Insights/autoscalesettings")) {
            String target = setting.at("/properties/targetResourceUri").asText();
            if ((target.equals(SERVER_PLAN_ID) || target.equals(CLIENT_PLAN_ID))
                    && !"[not(variables('alertFunctionScales'))]".equals(setting.at("/properties/enabled").asText())) {
                violations.add(setting.path("name").asText() + " must be disabled when the alert function scales");
            }
        }
        List<ObjectNode> alerts = resources(t, "Microsoft.Insights/metricAlerts");
        for (String plan : List.of(SERVER_PLAN_ID, CLIENT_PLAN_ID)) {
            requireAlert(violations, alerts, "scale-out CPU > 70 on " + plan, a -> scalingHook(a, "out", plan)
                    && metric(a).equals("cpupercentage") && threshold(a, "GreaterThan", "70") && window(a, "PT5M")
                    && !a.has("condition"));
            requireAlert(violations, alerts, "scale-in CPU < 30 on " + plan, a -> scalingHook(a, "in", plan)
                    && metric(a).equals("cpupercentage") && threshold(a, "LessThan", "30") && window(a, "PT5M")
                    && ALERT_FUNCTION_SCALES.equals(a.path("condition").asText()));
        }
        requireAlert(violations, alerts, "scale-out on server 5xx", a -> scalingHook(a, "out", SERVER_PLAN_ID) && metric(a).equals("http5xx"));
        List<ObjectNode> roles = resources(t, "Microsoft.Authorization/roleDefinitions").stream()
                .filter(r -> "[variables('planScalerRoleId')]".equals(r.path("name").asText())).toList();
        if (roles.size() != 1) {
            violations.add("expected one scaler role definition, found " + roles.size());
            return violations;
        }
        ObjectNode role = roles.get(0);
        List<String> actions = new ArrayList<>();
        role.at("/properties/permissions/0/actions").forEach(a -> actions.add(a.asText()));
        if (!actions.equals(scalerActions) || role.at("/properties/permissions").size() != 1) {
            violations.add("the scaler role grants " + actions + ", the scaler requires exactly " + scalerActions);
        }
        if (!ALERT_FUNCTION_SCALES.equals(role.path("condition").asText())) {
            violations.add("the scaler role must exist only when the alert function scales");
        }
        for (String plan : List.of(SERVER_PLAN_ID, CLIENT_PLAN_ID)) {
            boolean assigned = resources(t, "Microsoft.Authorization/roleAssignments").stream().anyMatch(a ->
                    plan.equals(a.path("scope").asText()) && ALERT_FUNCTION_SCALES.equals(a.path("condition").asText())
                            && a.at("/properties/roleDefinitionId").asText().contains("variables('planScalerRoleId')")
                            && "[parameters('alertFunctionPrincipalId')]".equals(a.at("/properties/principalId").asText()));
            if (!assigned) {
                violations.add("the alert function's identity is not given the scaler role on " + plan);
            }
        }
        if (!t.at("/outputs/scalingPlanIds/value").asText().startsWith("[if(variables('alertFunctionScales'), ")) {
            violations.add("output scalingPlanIds (the function's ST_SCALING_PLAN_IDS) must be empty unless the alert function scales");
        }
        return violations;
    }

    private static boolean scalingHook(ObjectNode alert, String direction, String plan) {
        JsonNode hook = alert.at("/properties/actions/0/webHookProperties");
        return direction.equals(hook.path("scaling").asText()) && plan.equals(hook.path("scalingTarget").asText())
                && alert.at("/properties/scopes/0").asText().equals(plan.equals(SERVER_PLAN_ID) && metric(alert).equals("http5xx")
                        ? "[resourceId('Microsoft.Web/sites', variables('serverAppName'))]" : plan);
    }

    private static boolean window(ObjectNode alert, String window) {
        return window.equals(alert.at("/properties/windowSize").asText());
    }

    /**
     * The ops suite's own metrics (functions-azure's AzureMonitorMetrics, namespace SilentTalk/Backup, about the
     * database server) alert the action group on a failed backup and on an RPO breach: no verified backup newer than
     * six hours plus one hour of grace.
     */
    static List<String> suiteBackupAlertsWatchTheFunctionsMetrics(JsonNode t) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> alerts = resources(t, "Microsoft.Insights/metricAlerts").stream()
                .filter(a -> "SilentTalk/Backup".equals(criterion(a).path("metricNamespace").asText())).toList();
        requireAlert(violations, alerts, "backup failure (BackupSucceeded < 1)", a -> metric(a).equals("backupsucceeded")
                && threshold(a, "LessThan", "1") && "Minimum".equals(criterion(a).path("timeAggregation").asText()));
        requireAlert(violations, alerts, "RPO breached (VerifiedBackupAgeSeconds > 6 h + 1 h grace)", a ->
                metric(a).equals("verifiedbackupageseconds") && threshold(a, "GreaterThan", "25200")
                        && "Maximum".equals(criterion(a).path("timeAggregation").asText())
                        // the scheduler reports every six hours: a shorter window could miss the report
                        && "PT6H".equals(a.at("/properties/windowSize").asText()));
        for (ObjectNode alert : alerts) {
            String name = alert.path("name").asText();
            if (!criterion(alert).path("skipMetricValidation").asBoolean(false)) {
                violations.add(name + " must skip metric validation: the custom metric does not exist before its first report");
            }
            if (!alert.at("/properties/scopes/0").asText().contains("Microsoft.DBforPostgreSQL/flexibleServers")) {
                violations.add(name + " must watch the database server the metrics are sent about");
            }
        }
        return violations;
    }

    static List<String> logsAreKeptThirtyDays(JsonNode t) {
        return each(t, "Microsoft.OperationalInsights/workspaces", (workspace, violations) ->
                expect(violations, workspace, "/properties/retentionInDays", "30"));
    }

    static List<String> templateExposesParametersAndOutputsForTheSuite(JsonNode t) {
        List<String> violations = new ArrayList<>();
        for (String parameter : List.of("environmentName", "location", "drLocation", "backupImmutabilityState",
                "backupImmutabilityDays", "domainName", "dbSkuName",
                "redisCapacity", "appPlanSku", "turnVmSize", "alertFunctionWebhookUrl")) {
            if (!t.path("parameters").has(parameter)) {
                violations.add("platform.json lacks parameter " + parameter);
            }
        }
        for (String output : List.of("databaseServerName", "databaseServerId", "drLocation", "keyVaultName",
                "redisName", "storageAccountName", "backupAccountName", "pairedBackupAccountName", "backupContainerName",
                "serverPlanId", "clientPlanId", "turnScaleSetName", "backupVaultName")) {
            if (!t.path("outputs").has(output)) {
                violations.add("platform.json lacks output " + output);
            }
        }
        return violations;
    }

    /** Documented built-in role definition IDs (Azure RBAC built-in roles), the only ones these assignments may use. */
    static final String MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb";
    static final String STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    static final String KEY_VAULT_ID = "[resourceId('Microsoft.KeyVault/vaults', variables('keyVaultName'))]";
    static final String STORAGE_ID = "[resourceId('Microsoft.Storage/storageAccounts', variables('storageName'))]";
    static final String ROTATION_WIRED = "[variables('rotationWired')]";
    static final String FUNCTION_APP_PRINCIPAL = "[parameters('functionAppPrincipalId')]";

    /**
     * Key Vault's SecretNearExpiry reaches the rotation function and nothing else does: one system topic on the
     * vault, one subscription filtered to exactly {@code eventType} and to the rotated secrets (the event's subject
     * is the secret's name), delivered to {@code functionName} of the function app, with bounded retries, an event
     * TTL and a dead-letter container the topic's identity may write to.
     */
    static List<String> secretNearExpiryReachesOnlyTheRotationFunction(JsonNode t, String eventType, String functionName) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> topics = resources(t, "Microsoft.EventGrid/systemTopics");
        if (topics.size() != 1) {
            violations.add("expected one Event Grid system topic, found " + topics.size());
            return violations;
        }
        ObjectNode topic = topics.get(0);
        if (!"Microsoft.KeyVault.vaults".equals(topic.at("/properties/topicType").asText())
                || !KEY_VAULT_ID.equals(topic.at("/properties/source").asText())) {
            violations.add("the system topic must be the Key Vault's (topicType Microsoft.KeyVault.vaults, source the vault)");
        }
        if (!"SystemAssigned".equals(topic.at("/identity/type").asText())) {
            violations.add("the system topic needs a system-assigned identity to dead-letter into the storage account");
        }
        String topicName = topic.path("name").asText();
        List<ObjectNode> subscriptions = resources(t, "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        if (subscriptions.size() != 1) {
            violations.add("expected one event subscription, found " + subscriptions.size());
            return violations;
        }
        ObjectNode subscription = subscriptions.get(0);
        JsonNode p = subscription.path("properties");
        if (!subscription.path("name").asText().startsWith("[format('{0}/")
                || !subscription.path("name").asText().contains(", " + topicName.replaceAll("^\\[(.*)]$", "$1") + ")]")) {
            violations.add("the event subscription must belong to the vault's system topic");
        }
        if (!p.at("/filter/includedEventTypes").toString().equals("[\"" + eventType + "\"]")) {
            violations.add("the subscription must include exactly " + eventType + ", found " + p.at("/filter/includedEventTypes"));
        }
        boolean onlyRotated = false;
        for (JsonNode filter : p.at("/filter/advancedFilters")) {
            onlyRotated |= "StringIn".equals(filter.path("operatorType").asText()) && "subject".equals(filter.path("key").asText())
                    && "[parameters('rotationSecretNames')]".equals(filter.path("values").asText());
        }
        if (!onlyRotated || !p.at("/filter/subjectBeginsWith").isMissingNode() && !p.at("/filter/subjectBeginsWith").asText().isEmpty()) {
            violations.add("the subscription must let through only the rotated secrets (StringIn on subject = rotationSecretNames)");
        }
        String endpoint = "[format('{0}/functions/{1}', parameters('functionAppId'), '" + functionName + "')]";
        if (!"AzureFunction".equals(p.at("/destination/endpointType").asText())
                || !endpoint.equals(p.at("/destination/properties/resourceId").asText())) {
            violations.add("the subscription must deliver to the function app's " + functionName + " function (AzureFunction "
                    + endpoint + "), found " + p.at("/destination/endpointType").asText() + " " + p.at("/destination/properties/resourceId").asText());
        }
        if (p.at("/destination/properties/maxEventsPerBatch").asInt(0) != 1) {
            violations.add("the function takes one event per invocation: maxEventsPerBatch must be 1");
        }
        if (!"EventGridSchema".equals(p.path("eventDeliverySchema").asText())) {
            violations.add("the function parses the Event Grid schema: eventDeliverySchema must be EventGridSchema");
        }
        int attempts = p.at("/retryPolicy/maxDeliveryAttempts").asInt(0);
        int ttl = p.at("/retryPolicy/eventTimeToLiveInMinutes").asInt(0);
        // the function fails a delivery on purpose while another worker holds the 15-minute lease: retries must
        // outlast it (Event Grid's backoff of 10 s, 30 s, 1, 5, 10 min puts the 6th attempt past 15 minutes) yet stay bounded
        if (attempts < 6 || attempts > 30 || ttl < 30 || ttl > 1440) {
            violations.add("retries must be bounded and outlast a 15-minute lease: maxDeliveryAttempts 6..30 and "
                    + "eventTimeToLiveInMinutes 30..1440, found " + attempts + " and " + ttl);
        }
        JsonNode deadLetter = p.at("/deadLetterWithResourceIdentity");
        String container = deadLetter.at("/deadLetterDestination/properties/blobContainerName").asText();
        if (!"SystemAssigned".equals(deadLetter.at("/identity/type").asText())
                || !"StorageBlob".equals(deadLetter.at("/deadLetterDestination/endpointType").asText())
                || !STORAGE_ID.equals(deadLetter.at("/deadLetterDestination/properties/resourceId").asText())) {
            violations.add("undeliverable events must be dead-lettered to a blob container of the storage account with the topic's identity");
        } else {
            String containerId = "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', variables('storageName'), 'default', '"
                    + container + "')]";
            if (resources(t, "Microsoft.Storage/storageAccounts/blobServices/containers").stream().noneMatch(c ->
                    c.path("name").asText().equals("[format('{0}/default/" + container + "', variables('storageName'))]")
                            && ROTATION_WIRED.equals(c.path("condition").asText()))) {
                violations.add("the dead-letter container " + container + " is not declared");
            }
            requireAssignment(violations, t, "the system topic's identity as Storage Blob Data Contributor on the dead-letter container",
                    containerId, "storageBlobDataContributorRoleId", STORAGE_BLOB_DATA_CONTRIBUTOR,
                    "[reference(resourceId('Microsoft.EventGrid/systemTopics', variables('rotationTopicName')), '2025-02-15', 'full').identity.principalId]",
                    ROTATION_WIRED);
        }
        for (ObjectNode resource : List.of(topic, subscription)) {
            if (!ROTATION_WIRED.equals(resource.path("condition").asText())) {
                violations.add(resource.path("type").asText() + " must exist only when rotationSecretNames names secrets");
            }
        }
        return violations;
    }

    /**
     * The rotation function's identity gets, on the vault, a custom role with exactly the data actions the Key Vault
     * store requires (narrower than Key Vault Secrets Officer: no delete, purge, backup or restore) and no control-plane
     * action.
     */
    static List<String> rotationRoleGrantsExactlyTheStoresDataActionsOnTheVault(JsonNode t, List<String> storeActions) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> roles = resources(t, "Microsoft.Authorization/roleDefinitions").stream()
                .filter(r -> "[variables('secretRotatorRoleId')]".equals(r.path("name").asText())).toList();
        if (roles.size() != 1) {
            violations.add("expected one secret rotator role definition, found " + roles.size());
            return violations;
        }
        JsonNode permissions = roles.get(0).at("/properties/permissions");
        List<String> dataActions = new ArrayList<>();
        permissions.path(0).path("dataActions").forEach(a -> dataActions.add(a.asText()));
        if (permissions.size() != 1 || !dataActions.equals(storeActions)) {
            violations.add("the secret rotator role grants data actions " + dataActions + ", the Key Vault store requires exactly " + storeActions);
        }
        if (!permissions.path(0).path("actions").isEmpty()) {
            violations.add("the secret rotator role must grant no control-plane action, found " + permissions.path(0).path("actions"));
        }
        if (!ROTATION_WIRED.equals(roles.get(0).path("condition").asText())) {
            violations.add("the secret rotator role must exist only when rotationSecretNames names secrets");
        }
        requireAssignment(violations, t, "the function app's identity as secret rotator on the Key Vault", KEY_VAULT_ID,
                "secretRotatorRoleId", null, FUNCTION_APP_PRINCIPAL, ROTATION_WIRED);
        return violations;
    }

    /** AzureMonitorMetrics posts about each Flexible Server: the function app's identity publishes metrics on every one. */
    static List<String> functionAppPublishesMetricsOnEveryFlexibleServer(JsonNode t) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> servers = resources(t, "Microsoft.DBforPostgreSQL/flexibleServers");
        if (servers.isEmpty()) {
            violations.add("no Microsoft.DBforPostgreSQL/flexibleServers in platform.json");
        }
        for (ObjectNode server : servers) {
            String id = "[resourceId('Microsoft.DBforPostgreSQL/flexibleServers', " + server.path("name").asText().replaceAll("^\\[(.*)]$", "$1") + ")]";
            requireAssignment(violations, t, "the function app's identity as Monitoring Metrics Publisher on " + id, id,
                    "monitoringMetricsPublisherRoleId", MONITORING_METRICS_PUBLISHER, FUNCTION_APP_PRINCIPAL,
                    "[variables('metricsPublisherAssigned')]");
        }
        return violations;
    }

    /** The output the function app's application settings are copied from names exactly the settings the function reads. */
    static List<String> rotationAppSettingsAreExactlyWhatTheFunctionReads(JsonNode t, Set<String> read) {
        List<String> violations = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        t.at("/outputs/rotationAppSettings/value").fieldNames().forEachRemaining(named::add);
        if (!named.equals(new TreeSet<>(read))) {
            violations.add("output rotationAppSettings names " + named + ", the rotation function reads " + new TreeSet<>(read));
        }
        return violations;
    }

    /**
     * One assignment with this scope and principal, of the role {@code roleVariable} names (a built-in role when
     * {@code builtInId} is given: the variable must hold that documented ID, referenced with subscriptionResourceId).
     */
    private static void requireAssignment(List<String> violations, JsonNode t, String what, String scope, String roleVariable,
                                          String builtInId, String principal, String condition) {
        if (builtInId != null && !builtInId.equals(t.at("/variables/" + roleVariable).asText())) {
            violations.add("variable " + roleVariable + " must be the built-in role " + builtInId + ", found " + t.at("/variables/" + roleVariable).asText());
        }
        String roleId = builtInId != null
                ? "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('" + roleVariable + "'))]"
                : "[resourceId('Microsoft.Authorization/roleDefinitions', variables('" + roleVariable + "'))]";
        long found = resources(t, "Microsoft.Authorization/roleAssignments").stream().filter(a ->
                scope.equals(a.path("scope").asText()) && roleId.equals(a.at("/properties/roleDefinitionId").asText())
                        && principal.equals(a.at("/properties/principalId").asText())
                        && condition.equals(a.path("condition").asText())).count();
        if (found != 1) {
            violations.add("expected one role assignment of " + what + " (role " + roleId + ", scope " + scope + "), found " + found);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private interface Check {
        void apply(ObjectNode resource, List<String> violations);
    }

    private static List<String> each(JsonNode t, String type, Check check) {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> found = resources(t, type);
        if (found.isEmpty()) {
            violations.add("no " + type + " in platform.json");
        }
        found.forEach(resource -> check.apply(resource, violations));
        return violations;
    }

    private static void expect(List<String> violations, ObjectNode resource, String pointer, String expected) {
        JsonNode actual = resource.at(pointer);
        String text = actual.isContainerNode() ? actual.toString() : actual.asText();
        if (!text.equals(expected)) {
            violations.add(resource.path("type").asText() + " " + resource.path("name").asText() + ": " + pointer
                    + " must be " + expected + ", found " + (actual.isMissingNode() ? "nothing" : text));
        }
    }

    private static void checkAutoscale(List<String> violations, ObjectNode setting, String metric, int min, int max) {
        String name = setting.path("name").asText();
        JsonNode profile = setting.at("/properties/profiles/0");
        if (profile.at("/capacity/minimum").asInt() != min || profile.at("/capacity/maximum").asInt() != max) {
            violations.add(name + ": capacity must be " + min + ".." + max + ", found "
                    + profile.at("/capacity/minimum").asText() + ".." + profile.at("/capacity/maximum").asText());
        }
        boolean out = false;
        boolean in = false;
        for (JsonNode rule : profile.path("rules")) {
            JsonNode trigger = rule.path("metricTrigger");
            boolean fiveMinutes = metric.equals(trigger.path("metricName").asText())
                    && "PT5M".equals(trigger.path("timeWindow").asText())
                    && "Average".equals(trigger.path("timeAggregation").asText());
            String direction = rule.at("/scaleAction/direction").asText();
            out |= fiveMinutes && "GreaterThan".equals(trigger.path("operator").asText())
                    && trigger.path("threshold").asDouble() == 70 && "Increase".equals(direction);
            in |= fiveMinutes && "LessThan".equals(trigger.path("operator").asText())
                    && trigger.path("threshold").asDouble() == 30 && "Decrease".equals(direction);
        }
        if (!out) {
            violations.add(name + ": no scale-out on " + metric + " > 70 for 5 minutes");
        }
        if (!in) {
            violations.add(name + ": no scale-in on " + metric + " < 30 for 5 minutes");
        }
    }

    private static JsonNode criterion(ObjectNode alert) {
        return alert.at("/properties/criteria/allOf/0");
    }

    private static String metric(ObjectNode alert) {
        return criterion(alert).path("metricName").asText().toLowerCase();
    }

    private static boolean threshold(ObjectNode alert, String operator, String value) {
        return operator.equals(criterion(alert).path("operator").asText())
                && value.equals(criterion(alert).path("threshold").asText());
    }

    private static void requireAlert(List<String> violations, List<ObjectNode> alerts, String what,
            Predicate<ObjectNode> matches) {
        if (alerts.stream().noneMatch(matches)) {
            violations.add("no metric alert for " + what);
        }
    }

}
