package com.silenttalk.automation.aws.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunClaims;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Resource;

/**
 * The shape of every Lambda handler of the suite: parse the event into a command record (a bad event is one
 * "rejected" line naming the field, and no side effect), claim the event in the ledger when the command asks for it
 * under {@code event/<function>/<id>} (Lambda and EventBridge deliver at least once: a second delivery is a no-op; one
 * whose first attempt failed, or has been in progress longer than any function runs, acts again, the use cases being
 * idempotent by name), run one use case, render its result, log one line. A handler says only what differs:
 * {@link #parse}, {@link #claimedEvent}, {@link #execute}, and its dry-run plan and IAM actions ({@link AwsFunction}).
 *
 * @param <C> the command record an event becomes
 */
public abstract class EventFunction<C> implements AwsFunction, Resource {
    /**
     * A use case's result as the function gives it back.
     *
     * @param output  what the invocation returns
     * @param logLine the one line (often the output itself)
     * @param error   true when that line is an ERROR line (the work was done, but not all of it went through)
     * @param outcome what the event's claim records
     * @param audit   the claim's details: identifiers and figures, never a secret
     */
    public record Rendered(Map<String, Object> output, Map<String, Object> logLine, boolean error, Outcome outcome,
                           Map<String, String> audit) {
        public Rendered {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(logLine, "logLine");
            Objects.requireNonNull(outcome, "outcome");
            audit = Map.copyOf(audit);
        }

        public Rendered(Map<String, Object> output, Map<String, Object> logLine, Outcome outcome, Map<String, String> audit) {
            this(output, logLine, false, outcome, audit);
        }

        /** A success whose log line is the output. */
        public static Rendered succeeded(Map<String, Object> output, Map<String, String> audit) {
            return new Rendered(output, output, Outcome.SUCCEEDED, audit);
        }

        /** An output with a log line of its own, for a command that claims nothing. */
        public static Rendered logged(Map<String, Object> output, Map<String, Object> logLine) {
            return new Rendered(output, logLine, Outcome.SUCCEEDED, Map.of());
        }

        /** As {@link #logged}, the line an ERROR line. */
        public static Rendered loggedAsError(Map<String, Object> output, Map<String, Object> logLine) {
            return new Rendered(output, logLine, true, Outcome.SUCCEEDED, Map.of());
        }
    }

    /** Lambda's longest timeout: a claim still in progress after it belongs to an invocation that died. */
    public static final Duration IN_PROGRESS_EXPIRY = Duration.ofMinutes(15);

    protected final String name;
    protected final Clock clock;
    protected final LineLog log;
    private final RunLedger ledger;

    protected EventFunction(String name, RunLedger ledger, Clock clock, LineLog log) {
        this.name = name;
        this.ledger = ledger;
        this.clock = clock;
        this.log = log;
    }

    /** The command an event asks for; an {@link InvalidFieldException} naming the field when it asks for none. */
    protected abstract C parse(Map<String, Object> event);

    /** The delivery's event id, claimed before executing and named in the failure line; empty: no claim, no such line. */
    protected Optional<String> claimedEvent(C command) {
        return Optional.empty();
    }

    /** False for a command that must not claim its event (a dry run, which may be repeated at will). */
    protected boolean claims(C command) {
        return true;
    }

    /** Runs the command's one use case and renders the result. */
    protected abstract Rendered execute(C command, Instant now);

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        C command;
        try {
            command = parse(event);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        Optional<String> eventId = claimedEvent(command);
        boolean claimed = eventId.isPresent() && claims(command);
        RunKey key = claimed ? new RunKey("event/" + name + "/" + eventId.get()) : null;
        if (claimed && !new RunClaims(ledger, IN_PROGRESS_EXPIRY).claim(key, name, now).acts()) {
            log.info(now, Map.of("event", eventId.get(), "duplicate", true));
            return Map.of("function", name, "event", eventId.get(), "duplicate", true);
        }
        try {
            Rendered rendered = execute(command, now);
            if (claimed) {
                ledger.update(AuditRecord.started(key, name, now).finish(rendered.outcome(), clock.instant(), rendered.audit()));
            }
            if (rendered.error()) {
                log.error(now, rendered.logLine());
            } else {
                log.info(now, rendered.logLine());
            }
            return rendered.output();
        } catch (RuntimeException e) {
            if (claimed) {
                ledger.update(AuditRecord.started(key, name, now).finish(Outcome.FAILED, clock.instant(),
                        Map.of("error", e.getClass().getSimpleName())));
            }
            failureLine(command, e).ifPresent(line -> log.error(now, line));
            throw e;
        }
    }

    /** The ERROR line of a failed execution (rethrown after it): by default the claimed event and the failure. */
    protected Optional<Map<String, Object>> failureLine(C command, RuntimeException e) {
        return claimedEvent(command).map(id -> Map.<String, Object>of("event", id, "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** An output map in insertion order, the first entry naming this function. */
    protected Map<String, Object> output() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", name);
        return out;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: clients resolve credentials per request
    }
}
