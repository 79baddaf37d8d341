package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Undeliverable alerts as SQS messages: the body is the replayable dead-letter record
 * ({@link AlertJson#deadLetter}), the same record opsctl writes to its dead-letter file. {@link #keep} returns only after SQS accepted the message. If SQS itself keeps
 * failing (after the client's bounded retries) it throws, the invocation fails, and Lambda keeps
 * the whole event in the function's own DLQ: an alert is never dropped silently.
 */
public final class SqsDeadLetters implements DeadLetters {
    public static final List<String> REQUIRED_ACTIONS = List.of("sqs:SendMessage");

    private final SqsClient sqs;
    private final Optional<String> queueUrl;

    /** @param queueUrl empty when not configured: then every {@link #keep} fails, so the event goes to the function's DLQ */
    public SqsDeadLetters(SqsClient sqs, Optional<String> queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public void keep(Delivery delivery, String reason, Instant at) {
        String body = AlertJson.deadLetter(delivery, reason, at).toString();
        String url = queueUrl.orElseThrow(() -> new UndeliveredAlertException("cannot keep the undelivered alert for channel "
                + delivery.channel().name() + ": " + AlarmNotificationHandler.DEAD_LETTER_QUEUE_ENV + " is not set", null));
        try {
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
        } catch (SdkException e) {
            throw new UndeliveredAlertException("cannot keep the undelivered alert for channel "
                    + delivery.channel().name() + " in the dead-letter queue: " + e.getClass().getSimpleName(), e);
        }
    }

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }

    /** Neither the channel nor the dead-letter queue took the alert: the invocation must fail. */
    public static final class UndeliveredAlertException extends RuntimeException {
        UndeliveredAlertException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
