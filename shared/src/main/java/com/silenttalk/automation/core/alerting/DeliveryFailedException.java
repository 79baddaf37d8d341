package com.silenttalk.automation.core.alerting;

/**
 * A delivery that was given up after its retries, or that can never succeed (a 4xx other than
 * 429). The message names the channel and the HTTP status or fault, never the secret endpoint.
 */
public class DeliveryFailedException extends RuntimeException {
    private final int attempts;

    public DeliveryFailedException(String message, int attempts) {
        super(message);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
