package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.alerting.channels.outbound.WebhookTransport;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.scaling.AlarmScaling;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.alerting.StoredAlertGate;
import com.silenttalk.automation.core.alerting.SuppressionGate;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The alerting capability's wiring on AWS: the routing rules, the suppression gate (its state in DynamoDB when
 * ST_ALERT_GATE_TABLE names a table), the channels (Slack, Teams, PagerDuty, SNS e-mail), the undelivered-alerts
 * queue, the ledger and the deployment markers; {@link RouteAlert} over them; and, when ST_SCALING_SERVICES lists
 * services, the scaling their CPU alarms drive instead of paging ({@link AlarmScaling}).
 */
public record AlertingWiring(AwsSettings settings, AlertingConfig alerting, SuppressionGate gate, List<AlertSink> sinks,
                             DeadLetters deadLetters, RunLedger ledger, DeploymentMarkers deployments,
                             Optional<AlarmScaling> scaling, Clock clock) {
    public AlertingWiring {
        sinks = List.copyOf(sinks);
    }

    /** Production wiring: the rules file, the gate's table, the channels' secrets and the queue from {@code env}. */
    public static AlertingWiring of(AwsWiring w, Map<String, String> env, LineLog log) {
        AlertingConfig alerting = rules(env);
        return new AlertingWiring(w.settings(), alerting, gate(w, env, alerting), sinks(w, env, alerting), deadLetters(w, env),
                DynamoDbRunLedger.of(w), new S3DeploymentMarkers(() -> w.clients().s3(w.settings().region()), w.settings().reportBucket(), log),
                AlarmScaling.wire(w, env), w.clock());
    }

    static AlertingConfig rules(Map<String, String> env) {
        String file = env.get(AlarmNotificationHandler.RULES_FILE_ENV);
        return file == null || file.isBlank() ? AlertRulesFile.loadDefault() : AlertRulesFile.load(AlarmNotificationHandler.RULES_FILE_ENV, java.nio.file.Path.of(file.strip()));
    }

    static List<AlertSink> sinks(AwsWiring w, Map<String, String> env, AlertingConfig alerting) {
        Optional<String> secretArn = Optional.ofNullable(env.get(AlarmNotificationHandler.SECRETS_ENV)).filter(s -> !s.isBlank());
        ChannelSecrets lookup = new ChannelSecrets(env,
                secretArn.map(arn -> w.clients().secretsManager(w.settings().region())), secretArn);
        WebhookSecrets secrets = new WebhookSecrets(alerting.endpoints(), lookup);
        WebhookTransport transport = w.dryRun()
                .map(planner -> new WebhookTransport(new PlanningWebhookClient(planner, w.settings().region()),
                        WebhookTransport.RetryPolicy.DEFAULT, d -> { }, () -> 0.5, w.clock()))
                .orElseGet(WebhookTransport::new);
        return List.of(new SlackSink(secrets, transport), new TeamsSink(secrets, transport),
                new PagerDutySink(secrets, transport), new SnsEmailSink(w.clients().sns(w.settings().region()), secrets));
    }

    static SuppressionGate gate(AwsWiring w, Map<String, String> env, AlertingConfig alerting) {
        String table = env.get(AlarmNotificationHandler.GATE_TABLE_ENV);
        if (table == null || table.isBlank()) {
            return new AlertGate(alerting.suppression());
        }
        int days = 7;
        String ttl = env.get(AlarmNotificationHandler.GATE_TTL_ENV);
        if (ttl != null && !ttl.isBlank()) {
            try {
                days = Integer.parseInt(ttl.strip());
            } catch (NumberFormatException e) {
                days = 0;
            }
            if (days < 1) {
                throw new InvalidFieldException(AlarmNotificationHandler.GATE_TTL_ENV, "must be a positive whole number of days");
            }
        }
        return new StoredAlertGate(alerting.suppression(), new DynamoDbAlertGateStore(
                w.clients().dynamoDb(w.settings().region()), table.strip(), Duration.ofDays(days)));
    }

    static DeadLetters deadLetters(AwsWiring w, Map<String, String> env) {
        return new SqsDeadLetters(w.clients().sqs(w.settings().region()), Optional.ofNullable(env.get(AlarmNotificationHandler.DEAD_LETTER_QUEUE_ENV)));
    }

    /** The scaling this alert drives instead of being routed, if it is a scaling alarm of a listed service. */
    Optional<AlarmScaling> scalingOf(Alert alert) {
        return scaling.filter(s -> s.handles(alert));
    }

    /** Reads CloudWatch alarm state changes, direct or SNS-wrapped, into the core's alerts. */
    AlertEventReader reader() {
        return new AlertEventReader();
    }

    RouteAlert route(SuppressionGate g) {
        return new RouteAlert(g, alerting.rules(), sinks, deadLetters, ledger, deployments, alerting.maintenance(), clock);
    }

    /** A dry-run judges with a throwaway gate (holding the key's stored state, if any), so nothing it remembers changes. */
    SuppressionGate dryRunGate(Alert alert) {
        return gate instanceof StoredAlertGate stored ? stored.snapshot(alert.dedupeKey()) : new AlertGate(alerting.suppression());
    }

    /** What routing this alert would send (each delivery) and what the gate holds back, judged without remembering it. */
    List<PlannedCall> plannedRoute(Alert alert) {
        List<PlannedCall> calls = new ArrayList<>();
        RouteAlert.Result result = route(dryRunGate(alert)).route(alert, true);
        for (RouteAlert.DeliveryOutcome o : result.deliveries()) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("channel", o.delivery().channel().name());
            parameters.put("action", o.delivery().action().name());
            parameters.put("rule", o.delivery().rule());
            boolean email = o.delivery().channel().kind() == ChannelKind.SNS_EMAIL;
            calls.add(new PlannedCall(email ? "sns" : "webhook", email ? "Publish" : "POST", settings.region(), parameters));
        }
        for (GateDecision d : result.decisions()) {
            if (!(d instanceof GateDecision.Deliver)) {
                calls.add(new PlannedCall("gate", "none", settings.region(), Map.of("decision", RouteAlert.describe(d))));
            }
        }
        return calls;
    }

    static List<String> channels(RouteAlert.Result result, RouteAlert.Status status) {
        return result.deliveries().stream().filter(o -> o.status() == status)
                .map(o -> o.delivery().channel().name()).collect(Collectors.toList());
    }

    List<String> requiredActions() {
        List<String> actions = new ArrayList<>(DynamoDbRunLedger.REQUIRED_ACTIONS);
        actions.addAll(DynamoDbAlertGateStore.REQUIRED_ACTIONS);
        sinks.forEach(s -> actions.addAll(s.requiredActions()));
        actions.addAll(SqsDeadLetters.REQUIRED_ACTIONS);
        actions.addAll(ChannelSecrets.REQUIRED_ACTIONS);
        actions.addAll(S3DeploymentMarkers.REQUIRED_ACTIONS);
        actions.addAll(AlarmScaling.requiredActions()); // granted whether or not ST_SCALING_SERVICES lists a service
        return actions.stream().distinct().sorted().toList();
    }
}
