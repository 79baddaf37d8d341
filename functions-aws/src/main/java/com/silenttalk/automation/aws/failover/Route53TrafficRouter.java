package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.TrafficRouter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * Points the database's DNS name at the new primary with one UPSERT. Route 53 allows 10
 * requests/s per account and refuses a change while the zone's previous one is pending
 * ({@code PriorRequestNotComplete}): both are waited out with bounded, jittered backoff.
 */
public final class Route53TrafficRouter implements TrafficRouter {
    /** @param endpoints node name → the DNS name or address the record should point at */
    public record Record(String hostedZoneId, String name, long ttlSeconds, Map<String, String> endpoints) {
        public Record {
            endpoints = Map.copyOf(endpoints);
        }
    }

    private static final List<String> RETRYABLE = List.of("PriorRequestNotComplete", "Throttling", "ThrottlingException");

    private final Route53Client route53;
    private final Record record;
    private final RequestRateLimiter limiter;
    private final RetryPolicy retry;
    private final RequestRateLimiter.Ticker ticker;

    public Route53TrafficRouter(Route53Client route53, Record record, RequestRateLimiter limiter, RetryPolicy retry,
                                RequestRateLimiter.Ticker ticker) {
        this.route53 = route53;
        this.record = record;
        this.limiter = limiter;
        this.retry = retry;
        this.ticker = ticker;
    }

    @Override
    public String switchTo(FailoverPlan plan) {
        String target = record.endpoints().get(plan.to());
        if (target == null) {
            throw new IllegalArgumentException("no DNS target configured for node " + plan.to());
        }
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            try {
                ChangeResourceRecordSetsResponse r = route53.changeResourceRecordSets(req -> req
                        .hostedZoneId(record.hostedZoneId())
                        .changeBatch(b -> b.comment("silenttalk failover " + plan.planId())
                                .changes(c -> c.action(ChangeAction.UPSERT).resourceRecordSet(s -> s
                                        .name(record.name()).type(RRType.CNAME).ttl(record.ttlSeconds())
                                        .resourceRecords(rr -> rr.value(target))))));
                return record.name() + " → " + target + " (change " + r.changeInfo().id() + ", " + r.changeInfo().statusAsString() + ")";
            } catch (Route53Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (!RETRYABLE.contains(code) || attempt >= retry.maxAttempts()) {
                    throw e;
                }
                sleep(backoff(attempt));
            }
        }
    }

    private Duration backoff(int attempt) {
        long cap = Math.min(retry.maxDelay().toMillis(), retry.baseDelay().toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private void sleep(Duration d) {
        try {
            ticker.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Route 53", e);
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("route53:ChangeResourceRecordSets");
    }
}
