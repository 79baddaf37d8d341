package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.alerting.channels.outbound.WebhookTransport;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.ledger.ReadOnlyLedger;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The alerting capability's wiring: the routing rules' channels (Slack, Teams, PagerDuty, their secrets from the
 * environment), the dead-letter file and the deployment markers under {@code <stateDir>/alerts/}, and the ledger
 * (read-only and empty for a dry-run, which claims nothing).
 */
public final class AlertingWiring {
    private final OpsConfig config;
    private final AlertingConfig alerting;
    private final Map<String, String> env;
    private final Clock clock;
    private final Consumer<String> log;
    private final FileDeadLetters deadLetters;

    /** @param log where a line about something skipped goes (a deployment marker that cannot be read) */
    public static AlertingWiring of(OpsConfig config, AlertingConfig alerting, Map<String, String> env, Clock clock,
                                    Consumer<String> log) {
        return new AlertingWiring(config, alerting, env, clock, log);
    }

    private AlertingWiring(OpsConfig config, AlertingConfig alerting, Map<String, String> env, Clock clock, Consumer<String> log) {
        this.config = Objects.requireNonNull(config, "config");
        this.alerting = Objects.requireNonNull(alerting, "alerting");
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.deadLetters = new FileDeadLetters(alertsDir().resolve("dead-letters.jsonl"));
    }

    /** The alert reader (CloudWatch, SNS, Azure Monitor); it needs no configuration, so a bad event is refused first. */
    public static AlertEventReader eventReader() {
        return new AlertEventReader();
    }

    public FileDeadLetters deadLetters() {
        return deadLetters;
    }

    public RouteAlert routeAlert(boolean dryRun) {
        WebhookSecrets secrets = new WebhookSecrets(alerting.endpoints(), env);
        WebhookTransport transport = new WebhookTransport();
        return new RouteAlert(new AlertGate(alerting.suppression()), alerting.rules(),
                List.of(new SlackSink(secrets, transport), new TeamsSink(secrets, transport), new PagerDutySink(secrets, transport)),
                deadLetters, dryRun ? ReadOnlyLedger.empty() : new FileRunLedger(config.ledgerDir()),
                new FileDeploymentMarkers(alertsDir().resolve("deployments"), log), alerting.maintenance(), clock);
    }

    private Path alertsDir() {
        return config.stateDir().resolve("alerts");
    }
}
