package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.status.PlatformStatus.DeadLetter;
import com.silenttalk.automation.core.status.PlatformStatus.FailoverGroup;
import com.silenttalk.automation.core.status.PlatformStatus.PendingPlan;
import com.silenttalk.automation.core.status.PlatformStatus.SecretStatus;
import com.silenttalk.automation.core.status.Reason.Area;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The platform's part of the answer, read from the ledger records the use cases leave:
 * {@code rotation.*} (RotateSecret's steps; Key Vault's {@code rotation.keyvault}), {@code failover-plan},
 * {@code failover-lease} and {@code failover-history} (FailOver), and {@code alert} records whose
 * delivery was dead-lettered (RouteAlert).
 */
final class PlatformEvidence {
    /** The step that completes a rotation on Secrets Manager's contract, and Key Vault's whole rotation. */
    private static final Set<String> ROTATED = Set.of("rotation.finishSecret", "rotation.keyvault");
    /** Failure messages are for people; a long one is cut so the table stays readable. */
    private static final int FAILURE_CHARS = 160;

    private PlatformEvidence() {
    }

    static PlatformStatus assess(List<AuditRecord> ledger, StatusPolicy policy, Instant now) {
        List<AuditRecord> records = ledger.stream().sorted(Comparator.comparing(AuditRecord::updatedAt)).toList();
        List<Reason> reasons = new ArrayList<>();
        List<SecretStatus> secrets = secrets(records, policy, now);
        for (SecretStatus s : secrets) {
            if (s.lastRotatedAt() == null) {
                reasons.add(Reason.atRisk(Area.SECRETS, "secret " + s.secret() + " has never rotated successfully; last attempt failed at "
                        + InstantText.utc(s.lastFailureAt()) + ": " + s.lastFailure()));
                continue;
            }
            if (s.overdue()) {
                reasons.add(Reason.atRisk(Area.SECRETS, "secret " + s.secret() + " last rotated "
                        + DurationText.readable(Duration.between(s.lastRotatedAt(), now)) + " ago; due since " + InstantText.utc(s.nextDueAt())));
            }
            if (s.lastFailureAt() != null) {
                reasons.add(Reason.atRisk(Area.SECRETS, "secret " + s.secret() + ": the last rotation failed at "
                        + InstantText.utc(s.lastFailureAt()) + ": " + s.lastFailure()));
            }
        }
        List<PendingPlan> plans = pendingPlans(records, now);
        for (PendingPlan p : plans) {
            reasons.add(Reason.atRisk(Area.FAILOVER, "failover plan " + p.planId() + " (" + p.from() + " -> " + p.to()
                    + ") awaits approval until " + InstantText.utc(p.expiresAt())));
        }
        List<DeadLetter> deadLetters = deadLetters(records, policy, now);
        if (!deadLetters.isEmpty()) {
            DeadLetter newest = deadLetters.get(deadLetters.size() - 1);
            reasons.add(Reason.atRisk(Area.ALERTS, deadLetters.size() + " dead-lettered alert" + (deadLetters.size() == 1 ? "" : "s")
                    + " not replayed in the last " + DurationText.readable(policy.deadLetterHorizon()) + " (newest: " + newest.alert()
                    + " to " + newest.channels() + " at " + InstantText.utc(newest.at()) + ")"));
        }
        return new PlatformStatus(reasons, secrets, plans, failovers(records, policy, now), deadLetters);
    }

    private static List<SecretStatus> secrets(List<AuditRecord> records, StatusPolicy policy, Instant now) {
        Map<String, Instant> rotated = new TreeMap<>();
        Map<String, AuditRecord> failed = new TreeMap<>();
        for (AuditRecord r : records) {
            String secret = r.details().get("secret");
            if (!r.action().startsWith("rotation.") || secret == null) {
                continue;
            }
            if (r.outcome() == Outcome.SUCCEEDED && ROTATED.contains(r.action())) {
                rotated.put(secret, r.updatedAt());
            } else if (r.outcome() == Outcome.FAILED) {
                failed.put(secret, r);
            }
        }
        Set<String> all = new java.util.TreeSet<>(rotated.keySet());
        all.addAll(failed.keySet());
        List<SecretStatus> out = new ArrayList<>();
        for (String secret : all) {
            Instant last = rotated.get(secret);
            AuditRecord failure = failed.get(secret);
            boolean failedSince = failure != null && (last == null || failure.updatedAt().isAfter(last));
            Instant due = last == null ? null : last.plus(policy.rotationInterval());
            out.add(new SecretStatus(secret, last, due, failedSince ? failure.updatedAt() : null,
                    failedSince ? shortened(failure.details().getOrDefault("error", "no error recorded")) : null,
                    due != null && now.isAfter(due)));
        }
        return out;
    }

    /** Stored by the gate, not approved (no lease), not expired. */
    private static List<PendingPlan> pendingPlans(List<AuditRecord> records, Instant now) {
        Set<String> leased = new HashSet<>();
        for (AuditRecord r : records) {
            if (r.action().equals("failover-lease")) {
                leased.add(r.key().value().substring(r.key().value().indexOf('/') + 1));
            }
        }
        List<PendingPlan> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (!r.action().equals("failover-plan") || r.outcome() != Outcome.STARTED) {
                continue;
            }
            String planId = r.key().value().substring(r.key().value().indexOf('/') + 1);
            Instant expires = instant(r.details().get("expiresAt"));
            if (expires != null && now.isBefore(expires) && !leased.contains(planId)) {
                out.add(new PendingPlan(planId, r.details().get("group"), r.details().get("from"), r.details().get("to"),
                        r.startedAt(), expires));
            }
        }
        return out;
    }

    private static List<FailoverGroup> failovers(List<AuditRecord> records, StatusPolicy policy, Instant now) {
        Map<String, FailoverGroup> groups = new TreeMap<>();
        for (AuditRecord r : records) {
            if (!r.action().equals("failover-history")) {
                continue;
            }
            Instant last = instant(r.details().get("lastFailoverAt"));
            if (last == null) {
                continue;
            }
            String group = r.key().value().substring(r.key().value().indexOf('/') + 1);
            Duration left = Duration.between(now, last.plus(policy.failoverCooldown()));
            groups.put(group, new FailoverGroup(group, last, r.details().get("lastPlan"), left.isNegative() ? Duration.ZERO : left));
        }
        return List.copyOf(groups.values());
    }

    /** Alert runs whose delivery went to the dead letters, within the horizon, oldest first. */
    private static List<DeadLetter> deadLetters(List<AuditRecord> records, StatusPolicy policy, Instant now) {
        Instant since = now.minus(policy.deadLetterHorizon());
        return records.stream()
                .filter(r -> r.action().equals("alert") && r.outcome() == Outcome.FAILED && r.details().containsKey("deadLettered"))
                .filter(r -> r.updatedAt().isAfter(since))
                .map(r -> new DeadLetter(r.details().getOrDefault("name", r.details().getOrDefault("dedupeKey", r.key().value())), r.details().getOrDefault("state", "?"),
                        r.details().get("deadLettered"), r.updatedAt()))
                .toList();
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String shortened(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= FAILURE_CHARS ? oneLine : oneLine.substring(0, FAILURE_CHARS - 1) + "…";
    }
}
