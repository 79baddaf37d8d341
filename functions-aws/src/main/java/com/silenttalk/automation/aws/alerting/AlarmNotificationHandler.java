package com.silenttalk.automation.aws.alerting;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.alerting.channels.AlertEventReader;
import com.silenttalk.automation.alerting.channels.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.AlertingConfig;
import com.silenttalk.automation.alerting.channels.PagerDutySink;
import com.silenttalk.automation.alerting.channels.SlackSink;
import com.silenttalk.automation.alerting.channels.TeamsSink;
import com.silenttalk.automation.alerting.channels.WebhookSecrets;
import com.silenttalk.automation.alerting.channels.WebhookTransport;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.aws.scaling.AlarmScaling;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.alerting.StoredAlertGate;
import com.silenttalk.automation.core.alerting.SuppressionGate;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;

/**
 * CloudWatch alarms to people: an EventBridge "CloudWatch Alarm State Change" event (metric or
 * composite alarm) or an alarm notification delivered by SNS ({@code Records[].Sns}) is normalised
 * by the core, gated (dedupe, flapping, maintenance, pairing), routed by the rules and delivered to
 * Slack, Teams, PagerDuty and SNS e-mail; firings a deployment marker in the report bucket covers
 * ({@link S3DeploymentMarkers}) are suppressed. What a channel does not take goes to the undelivered-alerts
 * queue. The gate's state is kept per alert key in DynamoDB, so every container judges with what the
 * others decided; a one-minute schedule sends held resolutions and post-flap firings that are due.
 * An event that is not an alarm (another source, an SNS subscription confirmation, malformed
 * JSON, an account not allowed) is rejected with one line naming the field, and nothing is sent.
 */
public final class AlarmNotificationHandler implements AwsFunction, Resource {
    public static final String NAME = "alarm-notifier";
    /** Environment: the undelivered-alerts SQS queue URL. */
    public static final String DEAD_LETTER_QUEUE_ENV = "ST_ALERT_DEAD_LETTER_QUEUE_URL";
    /** Environment: the Secrets Manager secret (a JSON object) holding webhook URLs and routing keys; optional. */
    public static final String SECRETS_ENV = "ST_ALERT_SECRETS_ARN";
    /** Environment: the DynamoDB table of the gate's per-key state; unset, each container judges alone. */
    public static final String GATE_TABLE_ENV = "ST_ALERT_GATE_TABLE";
    /** Environment: a routing rules YAML file (e.g. from a Lambda layer, /opt/alert-rules.yaml); unset, the built-in rules. */
    public static final String RULES_FILE_ENV = "ST_ALERT_RULES_FILE";
    /** Environment: days a key's state outlives its last change (default 7). */
    public static final String GATE_TTL_ENV = "ST_ALERT_GATE_TTL_DAYS";

    private static final String SAMPLE = """
            {"version":"0","id":"priming","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch",
             "account":"000000000000","time":"2026-01-01T00:00:00Z","region":"eu-west-1",
             "resources":["arn:aws:cloudwatch:eu-west-1:000000000000:alarm:priming"],
             "detail":{"alarmName":"priming","state":{"value":"ALARM","reason":"priming","timestamp":"2026-01-01T00:00:00.000+0000"},
              "previousState":{"value":"OK","reason":"priming","timestamp":"2025-12-31T23:00:00.000+0000"},
              "configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/ECS","name":"CPUUtilization",
               "dimensions":{"ClusterName":"priming"}},"period":300,"stat":"Average"},"returnData":true}]}}}""";

    private final AwsSettings settings;
    private final AlertingConfig alerting;
    private final SuppressionGate gate;
    private final List<AlertSink> sinks;
    private final DeadLetters deadLetters;
    private final RunLedger ledger;
    private final DeploymentMarkers deployments;
    private final Optional<AlarmScaling> scaling;
    private final List<String> requiredActions;
    private final Clock clock;
    private final LineLog log;
    private final AlertEventReader reader = new AlertEventReader();

    public AlarmNotificationHandler() {
        this(AwsWiring.container(), System.getenv());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public AlarmNotificationHandler(AwsWiring w) {
        this(w, w.environment());
    }

    AlarmNotificationHandler(AwsWiring w, Map<String, String> env) {
        this(w, env, rules(env));
    }

    private static AlertingConfig rules(Map<String, String> env) {
        String file = env.get(RULES_FILE_ENV);
        return file == null || file.isBlank() ? AlertRulesFile.loadDefault() : AlertRulesFile.load(RULES_FILE_ENV, java.nio.file.Path.of(file.strip()));
    }

    private AlarmNotificationHandler(AwsWiring w, Map<String, String> env, AlertingConfig alerting) {
        this(w, env, alerting, w.log(NAME));
    }

    private AlarmNotificationHandler(AwsWiring w, Map<String, String> env, AlertingConfig alerting, LineLog log) {
        this(w.settings(), alerting, gate(w, env, alerting), sinks(w, env, alerting), deadLetters(w, env), w.ledger(),
                new S3DeploymentMarkers(() -> w.clients().s3(w.settings().region()), w.settings().reportBucket(), log),
                AlarmScaling.wire(w, env), w.clock(), log);
    }

    AlarmNotificationHandler(AwsSettings settings, AlertingConfig alerting, SuppressionGate gate, List<AlertSink> sinks,
                             DeadLetters deadLetters, RunLedger ledger, DeploymentMarkers deployments, Clock clock, LineLog log) {
        this(settings, alerting, gate, sinks, deadLetters, ledger, deployments, Optional.empty(), clock, log);
    }

    AlarmNotificationHandler(AwsSettings settings, AlertingConfig alerting, SuppressionGate gate, List<AlertSink> sinks,
                             DeadLetters deadLetters, RunLedger ledger, DeploymentMarkers deployments,
                             Optional<AlarmScaling> scaling, Clock clock, LineLog log) {
        this.settings = settings;
        this.alerting = alerting;
        this.gate = gate;
        this.sinks = List.copyOf(sinks);
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.deployments = deployments;
        this.scaling = scaling;
        this.clock = clock;
        this.log = log;
        List<String> actions = new ArrayList<>(DynamoDbRunLedger.REQUIRED_ACTIONS);
        actions.addAll(DynamoDbAlertGateStore.REQUIRED_ACTIONS);
        sinks.forEach(s -> actions.addAll(s.requiredActions()));
        actions.addAll(SqsDeadLetters.REQUIRED_ACTIONS);
        actions.addAll(ChannelSecrets.REQUIRED_ACTIONS);
        actions.addAll(S3DeploymentMarkers.REQUIRED_ACTIONS);
        actions.addAll(AlarmScaling.requiredActions()); // granted whether or not ST_SCALING_SERVICES lists a service
        this.requiredActions = actions.stream().distinct().sorted().toList();
    }

    private static List<AlertSink> sinks(AwsWiring w, Map<String, String> env, AlertingConfig alerting) {
        Optional<String> secretArn = Optional.ofNullable(env.get(SECRETS_ENV)).filter(s -> !s.isBlank());
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

    private static SuppressionGate gate(AwsWiring w, Map<String, String> env, AlertingConfig alerting) {
        String table = env.get(GATE_TABLE_ENV);
        if (table == null || table.isBlank()) {
            return new AlertGate(alerting.suppression());
        }
        int days = 7;
        String ttl = env.get(GATE_TTL_ENV);
        if (ttl != null && !ttl.isBlank()) {
            try {
                days = Integer.parseInt(ttl.strip());
            } catch (NumberFormatException e) {
                days = 0;
            }
            if (days < 1) {
                throw new InvalidFieldException(GATE_TTL_ENV, "must be a positive whole number of days");
            }
        }
        return new StoredAlertGate(alerting.suppression(), new DynamoDbAlertGateStore(
                w.clients().dynamoDb(w.settings().region()), table.strip(), Duration.ofDays(days)));
    }

    private static DeadLetters deadLetters(AwsWiring w, Map<String, String> env) {
        return new SqsDeadLetters(w.clients().sqs(w.settings().region()), Optional.ofNullable(env.get(DEAD_LETTER_QUEUE_ENV)));
    }

    /** The alert in the event, or why it carries none (INSUFFICIENT_DATA); rejects anything else. */
    Normalised parse(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidFieldException("event", "is empty");
        }
        Normalised normalised = reader.normalise(event);
        if (normalised instanceof Normalised.Raised raised && !settings.allowedAccounts().contains(raised.alert().account())) {
            throw new InvalidFieldException("account", "'" + raised.alert().account() + "' is not an allowed account");
        }
        return normalised;
    }

    /** The one-minute schedule: release held resolutions and post-flap firings that are due. */
    boolean isSweep(Map<String, Object> event) {
        return event != null && "aws.events".equals(event.get("source")) && "Scheduled Event".equals(event.get("detail-type"));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        if (isSweep(event)) {
            return sweep(event, now);
        }
        Normalised normalised;
        try {
            normalised = parse(event);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        if (normalised instanceof Normalised.Ignored ignored) {
            log.info(now, Map.of("ignored", ignored.reason()));
            return Map.of("function", NAME, "ignored", ignored.reason());
        }
        Alert alert = ((Normalised.Raised) normalised).alert();
        if (scaling.filter(s -> s.handles(alert)).isPresent()) {
            return scale(scaling.get(), alert, now);
        }
        RouteAlert.Result result;
        try {
            result = route(gate).route(alert, false);
        } catch (RuntimeException e) {
            // the whole event goes to the function's DLQ; say which alarm and why, in one line
            log.error(now, Map.of("alarm", alert.name(), "dedupeKey", alert.dedupeKey().value(),
                    "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("alarm", alert.name());
        out.put("state", alert.state().name());
        out.put("dedupeKey", alert.dedupeKey().value());
        if (result.duplicateEvent()) {
            out.put("duplicate", true);
            log.info(now, out);
            return out;
        }
        out.put("decisions", result.decisions().stream().map(RouteAlert::describe).toList());
        out.put("sent", channels(result, RouteAlert.Status.SENT));
        List<String> deadLettered = channels(result, RouteAlert.Status.DEAD_LETTERED);
        out.put("deadLettered", deadLettered);
        if (deadLettered.isEmpty()) {
            log.info(now, out);
        } else {
            log.error(now, out);
            log.metrics(now, Map.of("AlertsDeadLettered", deadLettered.size()), "Count");
        }
        return out;
    }

    /** A CPU alarm on a service ST_SCALING_SERVICES lists drives scaling instead of paging anyone, as the native policy did. */
    private Map<String, Object> scale(AlarmScaling s, Alert alert, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("alarm", alert.name());
        out.put("state", alert.state().name());
        try {
            out.put("scaling", s.scale(alert));
        } catch (RuntimeException e) {
            log.error(now, Map.of("alarm", alert.name(), "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
        log.info(now, out);
        return out;
    }

    private Map<String, Object> sweep(Map<String, Object> event, Instant now) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parse(event, Set.of("aws.events"), Set.of("Scheduled Event"), settings.allowedAccounts());
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        RouteAlert.Result result = route(gate).sweep(false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("event", envelope.id());
        out.put("sweep", result.decisions().size());
        out.put("sent", channels(result, RouteAlert.Status.SENT));
        out.put("deadLettered", channels(result, RouteAlert.Status.DEAD_LETTERED));
        log.info(now, out);
        return out;
    }

    private RouteAlert route(SuppressionGate g) {
        return new RouteAlert(g, alerting.rules(), sinks, deadLetters, ledger, deployments, alerting.maintenance(), clock);
    }

    /** A dry-run judges with a throwaway gate (holding the key's stored state, if any), so nothing it remembers changes. */
    private SuppressionGate dryRunGate(Alert alert) {
        return gate instanceof StoredAlertGate stored ? stored.snapshot(alert.dedupeKey()) : new AlertGate(alerting.suppression());
    }

    private static List<String> channels(RouteAlert.Result result, RouteAlert.Status status) {
        return result.deliveries().stream().filter(o -> o.status() == status)
                .map(o -> o.delivery().channel().name()).collect(Collectors.toList());
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        if (isSweep(event)) {
            EventEnvelope.parse(event, Set.of("aws.events"), Set.of("Scheduled Event"), settings.allowedAccounts());
            return List.of(new PlannedCall("gate", settings.region(), "sweep", Map.of("releases", "held resolutions and post-flap firings now due")));
        }
        Normalised normalised = parse(event);
        if (!(normalised instanceof Normalised.Raised raised)) {
            return List.of();
        }
        if (scaling.filter(s -> s.handles(raised.alert())).isPresent()) {
            return scaling.get().plan(raised.alert());
        }
        List<PlannedCall> calls = new ArrayList<>();
        RouteAlert.Result result = route(dryRunGate(raised.alert())).route(raised.alert(), true);
        for (RouteAlert.DeliveryOutcome o : result.deliveries()) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("channel", o.delivery().channel().name());
            parameters.put("action", o.delivery().action().name());
            parameters.put("rule", o.delivery().rule());
            boolean email = o.delivery().channel().kind() == ChannelKind.SNS_EMAIL;
            calls.add(new PlannedCall(email ? "sns" : "webhook", settings.region(), email ? "Publish" : "POST", parameters));
        }
        for (GateDecision d : result.decisions()) {
            if (!(d instanceof GateDecision.Deliver)) {
                calls.add(new PlannedCall("gate", settings.region(), "none", Map.of("decision", RouteAlert.describe(d))));
            }
        }
        return calls;
    }

    @Override
    public List<String> requiredActions() {
        return requiredActions;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: Jackson, the normaliser, the rules and the Block Kit payload, offline.
        Normalised n = reader.read(SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (n instanceof Normalised.Raised raised) {
            alerting.rules().route(raised.alert());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: channel secrets are read on first delivery, after restore
    }
}
