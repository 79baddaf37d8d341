package com.silenttalk.automation.azure.alerting;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobContainerClient;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutyRegion;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.alerting.channels.outbound.WebhookTransport;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.InvocationLog;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.azure.scaling.AppServicePlanScaler;
import com.silenttalk.automation.azure.scaling.ScalablePlans;
import com.silenttalk.automation.azure.scaling.TableActiveOperations;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.alerting.StoredAlertGate;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the alert function uses, built once per worker: the routing use case
 * (rules, the suppression gate with its per-key state in Table storage, the three webhook
 * channels, dead letters in Blob storage, the ledger in Table storage) and the scaling use case (the App Service plan scaler and the
 * ledger's running drills and failovers).
 *
 * <p>Application settings: {@code ST_ALERT_RULES} (a rules file in the app; the built-in seed
 * rules otherwise), {@code ST_ALERT_CONTAINER} (dead letters and deployment markers; default
 * {@value #DEFAULT_CONTAINER}), {@link ScalablePlans#SETTING}, and the variables the rules name for
 * the channel secrets (Key Vault references in production).
 */
public record AlertingWiring(RouteAlert route, ScaleOnAlarm scaling, ScalablePlans plans, Clock clock) {
    public static final String DEFAULT_CONTAINER = "alerts";

    public static AlertingWiring build(AlertingConfig config, Map<String, String> env, TableClient ledgerTable,
                                       BlobContainerClient alerts, ArmClient arm, WebhookTransport transport,
                                       Function<PagerDutyRegion, URI> pagerDutyEvents, ScalablePlans plans, Clock clock) {
        WebhookSecrets secrets = new WebhookSecrets(config.endpoints(), env);
        RunLedger ledger = new TableRunLedger(ledgerTable);
        // the gate's state lives beside the ledger (partition "gate"), so every instance judges with what the others decided
        RouteAlert route = new RouteAlert(new StoredAlertGate(config.suppression(), new TableAlertGateStore(ledgerTable)), config.rules(),
                List.of(new SlackSink(secrets, transport), new TeamsSink(secrets, transport), new PagerDutySink(secrets, transport, pagerDutyEvents)),
                new BlobDeadLetters(alerts), ledger, new BlobDeploymentMarkers(alerts, InvocationLog::warning), config.maintenance(), clock);
        ScaleOnAlarm scaling = new ScaleOnAlarm(new AppServicePlanScaler(arm), new TableActiveOperations(ledgerTable), ledger,
                ScalingPolicy.DEFAULT, clock);
        return new AlertingWiring(route, scaling, plans, clock);
    }

    private static final class Production {
        static final AlertingWiring INSTANCE = build();

        private static AlertingWiring build() {
            Map<String, String> env = System.getenv();
            AzureSettings settings = Worker.settings();
            String rules = env.get("ST_ALERT_RULES");
            AlertingConfig config = rules == null || rules.isBlank() ? AlertRulesFile.loadDefault() : AlertRulesFile.load(Path.of(rules));
            return AlertingWiring.build(config, env, Worker.clients().table(settings.backupStorage(), settings.ledgerTable()),
                    Worker.clients().container(settings.backupStorage(), env.getOrDefault("ST_ALERT_CONTAINER", DEFAULT_CONTAINER)),
                    Worker.arm(), new WebhookTransport(), PagerDutyRegion::eventsUrl, ScalablePlans.parse(env.get(ScalablePlans.SETTING)), Worker.clock());
        }
    }

    public static AlertingWiring production() {
        return Production.INSTANCE;
    }
}
