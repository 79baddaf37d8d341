package com.silenttalk.automation.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code opsctl drill --cloud aws|azure}: the drill started (and with --wait followed) where it is deployed. */
final class CloudDrills {
    private CloudDrills() {
    }

    /** Starts the drill in Azure; with --wait, prints the ended instance and exits by its result. */
    static int inAzure(OpsctlContext opsctl, DrillOptions o) {
        if (!"azure".equals(o.cloud())) {
            throw new InvalidFieldException("--cloud", "must be aws or azure, got " + UntrustedText.quoted(o.cloud()));
        }
        if (o.demo() || o.sourceUrl() != null) {
            throw new InvalidFieldException(o.demo() ? "--demo" : "--source-url", "cannot be combined with --cloud");
        }
        if (o.functionUrl() == null) {
            throw new InvalidFieldException("--function-url", "is required with --cloud azure");
        }
        if (o.database() == null || o.database().isBlank()) {
            throw new InvalidFieldException("--database", "is required with --cloud azure");
        }
        if (o.pollSeconds() < 0 || o.timeoutMinutes() < 1) {
            throw new InvalidFieldException(o.pollSeconds() < 0 ? "--poll-seconds" : "--timeout-minutes",
                    "must be positive");
        }
        URI url = AzureDrillStart.functionUrl(o.functionUrl());
        AzureDrillStart azure = DrillWiring.azureDrillStart(opsctl.env(), opsctl.clock());
        AzureDrillStart.Started started = azure.start(url, o.database(), o.runId());
        opsctl.out().println(LocalJson.write(Map.of("instanceId", started.instanceId())));
        opsctl.err().println("[drill] started " + started.instanceId() + " on " + url.getHost());
        if (!o.waitForResult()) {
            return ExitCode.OK;
        }
        JsonNode status = azure.await(started, Duration.ofSeconds(o.pollSeconds()),
                Duration.ofMinutes(o.timeoutMinutes()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("instanceId", started.instanceId());
        result.put("runtimeStatus", status.path("runtimeStatus").asText());
        result.put("output", status.path("output"));
        result.put("createdTime", status.path("createdTime").asText(null));
        result.put("lastUpdatedTime", status.path("lastUpdatedTime").asText(null));
        opsctl.out().println(LocalJson.write(result));
        String output = status.path("output").isTextual() ? status.path("output").asText() : status.path("output").toString();
        opsctl.err().println("[drill] " + started.instanceId() + " " + status.path("runtimeStatus").asText() + ": " + output);
        // the orchestration completes with the drill's summary, which says whether the drill itself passed
        boolean passed = "Completed".equals(status.path("runtimeStatus").asText()) && output.contains(" passed");
        return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    static int onAws(OpsctlContext opsctl, DrillOptions o) {
        if (o.demo() || o.sourceUrl() != null) {
            throw new InvalidFieldException(o.demo() ? "--demo" : "--source-url",
                    "does not apply with --cloud aws (the drill restores the newest RDS snapshot copy in the DR region)");
        }
        if (o.pollSeconds() < 1 || o.pollSeconds() > 600 || o.timeoutMinutes() < 1) {
            throw new InvalidFieldException(o.timeoutMinutes() < 1 ? "--timeout-minutes" : "--poll-seconds",
                    o.timeoutMinutes() < 1 ? "must be positive" : "must be 1-600, got " + o.pollSeconds());
        }
        StepFunctionsDrill.Request request = StepFunctionsDrill.request(o.stateMachine(), o.database(), opsctl.env());
        try (StepFunctionsDrill drill = StepFunctionsDrill.connect(request, opsctl.env(), opsctl.clock(), opsctl.out(),
                opsctl.err())) {
            return drill.run(request, o.waitForResult(), Duration.ofSeconds(o.pollSeconds()), Duration.ofMinutes(o.timeoutMinutes()));
        }
    }
}
