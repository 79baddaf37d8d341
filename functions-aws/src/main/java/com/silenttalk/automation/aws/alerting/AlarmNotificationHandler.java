package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.scaling.AlarmScaling;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.SuppressionGate;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public final class AlarmNotificationHandler extends EventFunction<Object> {
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

    private final AlertingWiring alerting;
    private final AlertEventReader reader;

    public AlarmNotificationHandler() {
        this(AwsWiring.container(), System.getenv());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public AlarmNotificationHandler(AwsWiring w) {
        this(w, w.environment());
    }

    AlarmNotificationHandler(AwsWiring w, Map<String, String> env) {
        this(AlertingWiring.of(w, env, w.log(NAME)), w.log(NAME));
    }

    AlarmNotificationHandler(AwsSettings settings, AlertingConfig alerting, SuppressionGate gate, List<AlertSink> sinks,
                             DeadLetters deadLetters, RunLedger ledger, DeploymentMarkers deployments, Clock clock, LineLog log) {
        this(settings, alerting, gate, sinks, deadLetters, ledger, deployments, Optional.empty(), clock, log);
    }

    AlarmNotificationHandler(AwsSettings settings, AlertingConfig alerting, SuppressionGate gate, List<AlertSink> sinks,
                             DeadLetters deadLetters, RunLedger ledger, DeploymentMarkers deployments,
                             Optional<AlarmScaling> scaling, Clock clock, LineLog log) {
        this(new AlertingWiring(settings, alerting, gate, sinks, deadLetters, ledger, deployments, scaling, clock), log);
    }

    private AlarmNotificationHandler(AlertingWiring alerting, LineLog log) {
        super(NAME, alerting.ledger(), alerting.clock(), log);
        this.alerting = alerting;
        this.reader = alerting.reader();
    }

    @Override
    protected Object parse(Map<String, Object> event) {
        return AlarmRouting.parse(event, reader, alerting.settings());
    }

    @Override
    protected Rendered execute(Object command, Instant now) {
        return AlarmRouting.render(alerting, command, now, log);
    }

    @Override
    protected Optional<Map<String, Object>> failureLine(Object command, RuntimeException e) {
        return AlarmRouting.failureLine(alerting, command, e);
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        return AlarmRouting.plan(alerting, parse(event));
    }

    @Override
    public List<String> requiredActions() {
        return alerting.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: Jackson, the normaliser, the rules and the Block Kit payload, offline.
        if (reader.read(AlarmRouting.SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8)) instanceof Normalised.Raised raised) {
            alerting.alerting().rules().route(raised.alert());
        }
    }
}
