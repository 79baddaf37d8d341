package com.silenttalk.automation.core.alerting;

import java.time.Instant;

/**
 * Where a delivery that could not be made is kept, with the reason, for replay: a local file,
 * an SQS queue, a storage queue. A dead letter must be durable before {@link #keep} returns.
 */
public interface DeadLetters {
    void keep(Delivery delivery, String reason, Instant at);
}
