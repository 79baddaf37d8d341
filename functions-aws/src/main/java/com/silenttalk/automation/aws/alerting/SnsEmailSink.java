package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.outbound.AlertText;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * E-mail through SNS: one {@code Publish} to the channel's e-mail topic (its ARN is named by the
 * rules' {@code topicArnEnv}). SNS requires the subject to be ASCII, without line breaks or
 * control characters, and under 100 characters, so it is cleaned and cut here rather than
 * rejected there. Throttling and 5xx are retried by the client's bounded retry strategy; what is
 * still failing becomes a {@link DeliveryFailedException} with the SNS error code.
 */
public final class SnsEmailSink implements AlertSink {
    /** Publishing to an SSE-KMS topic also needs the key: SNS encrypts with a data key made for the publisher. */
    public static final List<String> REQUIRED_ACTIONS = List.of("sns:Publish", "kms:GenerateDataKey", "kms:Decrypt");
    static final int MAX_SUBJECT = 99;

    private final SnsClient sns;
    private final WebhookSecrets topics;

    public SnsEmailSink(SnsClient sns, WebhookSecrets topics) {
        this.sns = sns;
        this.topics = topics;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SNS_EMAIL;
    }

    @Override
    public void deliver(Delivery delivery) {
        String label = WebhookSecrets.label(delivery.channel());
        String topicArn = topics.secret(delivery.channel());
        try {
            sns.publish(r -> r.topicArn(topicArn).subject(subject(delivery)).message(body(delivery)));
        } catch (SnsException e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new DeliveryFailedException(label + ": SNS Publish failed: " + code, 1);
        } catch (SdkException e) {
            throw new DeliveryFailedException(label + ": SNS Publish failed: " + e.getClass().getSimpleName(), 1);
        }
    }

    @Override
    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }

    /** Printable ASCII only, one line, at most {@value #MAX_SUBJECT} characters. */
    static String subject(Delivery d) {
        String raw = "[" + d.alert().severity().wireName() + "] " + AlertText.title(d);
        StringBuilder out = new StringBuilder(raw.length());
        for (char c : raw.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : (Character.isWhitespace(c) ? ' ' : '?'));
        }
        String clean = out.toString().strip();
        return clean.length() <= MAX_SUBJECT ? clean : clean.substring(0, MAX_SUBJECT - 3) + "...";
    }

    /** Plain text: what, the facts, why it was sent, and the console link. */
    static String body(Delivery d) {
        Alert a = d.alert();
        StringBuilder b = new StringBuilder();
        b.append(AlertText.title(d)).append("\n\n").append(a.summary()).append("\n\n");
        for (Map.Entry<String, String> f : AlertText.facts(d).entrySet()) {
            b.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
        }
        b.append('\n').append(AlertText.context(d)).append("\n\nOpen in console: ").append(a.consoleLink()).append('\n');
        return b.toString();
    }
}
