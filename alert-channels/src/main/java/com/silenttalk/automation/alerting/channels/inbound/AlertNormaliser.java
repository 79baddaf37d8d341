package com.silenttalk.automation.alerting.channels.inbound;

import com.silenttalk.automation.alerting.channels.inbound.aws.CloudWatchAlarms;
import com.silenttalk.automation.alerting.channels.inbound.azure.AzureCommonAlerts;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.EventNode;
import com.silenttalk.automation.core.alerting.NestedJson;
import com.silenttalk.automation.core.alerting.Normalised;
import java.util.List;
import java.util.Objects;

/**
 * Turns any supported alert payload into one {@link Alert}. It recognises:
 * <ul>
 *   <li>a CloudWatch "Alarm State Change" EventBridge event (metric and composite alarms);</li>
 *   <li>a CloudWatch alarm notification in SNS: the Lambda SNS event ({@code Records[].Sns}),
 *       the HTTP/S delivery envelope ({@code Type: Notification}), or the bare message;</li>
 *   <li>an Azure Monitor common alert schema payload (metric, log search, activity log,
 *       resource health alerts).</li>
 * </ul>
 * Anything else fails with an {@link InvalidFieldException} naming the field: no alert, no side effect.
 */
public final class AlertNormaliser {
    static final String CLOUDWATCH_DETAIL_TYPE = "CloudWatch Alarm State Change";

    private final NestedJson nestedJson;

    public AlertNormaliser(NestedJson nestedJson) {
        this.nestedJson = Objects.requireNonNull(nestedJson, "nestedJson");
    }

    public Normalised normalise(Object tree) {
        EventNode root = EventNode.root(tree);
        if (!root.isObject()) {
            throw new InvalidFieldException("event", "must be a JSON object");
        }
        if (root.get("detail-type").isPresent()) {
            String detailType = root.get("detail-type").text();
            if (!CLOUDWATCH_DETAIL_TYPE.equals(detailType)) {
                throw new InvalidFieldException("detail-type", "'" + EventNode.abbreviate(detailType)
                        + "' is not an alarm event (expected " + UntrustedText.quoted(CLOUDWATCH_DETAIL_TYPE) + ")");
            }
            return CloudWatchAlarms.fromEventBridge(root);
        }
        if (root.get("Records").isPresent()) {
            return fromSnsRecords(root);
        }
        if (root.get("Type").isPresent() && root.get("TopicArn").isPresent()) {
            return fromSnsEnvelope(root);
        }
        if (root.get("AlarmName").isPresent() && root.get("NewStateValue").isPresent()) {
            return CloudWatchAlarms.fromSnsMessage(root);
        }
        if (root.get("schemaId").isPresent()) {
            return AzureCommonAlerts.normalise(root);
        }
        throw new InvalidFieldException("event", "unknown schema: not a CloudWatch alarm state change, "
                + "an SNS alarm notification or an Azure Monitor common alert schema payload");
    }

    private Normalised fromSnsRecords(EventNode root) {
        List<EventNode> records = root.get("Records").elements();
        if (records.size() != 1) {
            throw new InvalidFieldException("Records", "expected exactly one SNS record, got " + records.size());
        }
        EventNode record = records.get(0).object();
        String eventSource = record.get("EventSource").text();
        if (!"aws:sns".equals(eventSource)) {
            throw new InvalidFieldException(record.get("EventSource").path(),
                    UntrustedText.quoted(EventNode.abbreviate(eventSource)) + " is not aws:sns");
        }
        return fromSnsEnvelope(record.get("Sns").object());
    }

    private Normalised fromSnsEnvelope(EventNode sns) {
        String type = sns.get("Type").text();
        if (!"Notification".equals(type)) {
            throw new InvalidFieldException(sns.get("Type").path(),
                    "SNS message type " + UntrustedText.quoted(EventNode.abbreviate(type)) + " is not a notification");
        }
        EventNode message = sns.get("Message");
        Object parsed = nestedJson.parse(message.path(), message.text());
        EventNode inner = EventNode.embedded(message.path(), parsed);
        if (!inner.isObject() || !inner.get("AlarmName").isPresent()) {
            throw new InvalidFieldException(message.path(), "is not a CloudWatch alarm notification (no AlarmName)");
        }
        return CloudWatchAlarms.fromSnsMessage(inner);
    }
}
