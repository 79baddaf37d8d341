package com.silenttalk.automation.alerting.channels.outbound;

import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * POSTs JSON to a webhook with bounded retries: 429 waits for {@code Retry-After} (seconds or
 * an HTTP date), 5xx and I/O failures back off exponentially with jitter, other 4xx fail at once.
 * When it gives up it throws {@link DeliveryFailedException} naming the channel and the status,
 * never the endpoint: webhook URLs and routing keys are secrets, and every message is scrubbed
 * of them.
 */
public final class WebhookTransport {
    /** How long to keep trying. */
    public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
        public static final RetryPolicy DEFAULT =
                new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

        public RetryPolicy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public record Response(int status, String body) {
    }

    private final HttpClient client;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Clock clock;

    public WebhookTransport() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
                RetryPolicy.DEFAULT, d -> Thread.sleep(d.toMillis()), Math::random, Clock.systemUTC());
    }

    public WebhookTransport(HttpClient client, RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param label   names the channel in errors ("slack channel ops-slack")
     * @param secrets values that must never appear in an error (the URL, its token, a routing key)
     */
    public Response post(String label, URI endpoint, String json, List<String> secrets) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        String last = "no attempt";
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Response(status, response.body());
                }
                last = "HTTP " + status + bodyHint(response.body(), secrets);
                if (status == 429) {
                    Optional<Duration> retryAfter = retryAfter(response.headers().firstValue("Retry-After"));
                    if (retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
                        throw new DeliveryFailedException(label + ": rate limited, Retry-After "
                                + retryAfter.get().toSeconds() + "s is longer than we wait", attempt);
                    }
                    wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
                } else if (status >= 500) {
                    wait = backoff(attempt);
                } else {
                    throw new DeliveryFailedException(label + ": " + last + " (not retried)", attempt);
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryFailedException(label + ": interrupted", attempt);
            }
            if (attempt < policy.maxAttempts()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeliveryFailedException(label + ": interrupted while backing off", attempt);
                }
            }
        }
        throw new DeliveryFailedException(label + ": " + last + " after " + policy.maxAttempts() + " attempts",
                policy.maxAttempts());
    }

    /** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        long ceiling = Math.min(policy.maxDelay().toMillis(), policy.baseDelay().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + (long) (jitter.getAsDouble() * (ceiling / 2.0)));
    }

    Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String v = header.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String bodyHint(String body, List<String> secrets) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String hint = body.strip().replaceAll("\\s+", " ");
        hint = hint.length() > 200 ? hint.substring(0, 200) + "..." : hint;
        return " (" + scrub(hint, secrets) + ")";
    }

    /**
     * Removes every secret from a text, and every part of a secret URL that looks like a token
     * (8+ characters with a digit, or 16+ characters): a server may echo a path or key back.
     */
    static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            out = out.replace(secret, "***");
            for (String part : secret.split("[/?&=]")) {
                if (part.length() >= 16 || (part.length() >= 8 && part.chars().anyMatch(Character::isDigit))) {
                    out = out.replace(part, "***");
                }
            }
        }
        return out;
    }
}
