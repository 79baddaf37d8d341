package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The alert use case: gate (dedupe, flapping, maintenance, deployments, pairing), route to
 * channels, deliver, and keep what could not be delivered as a dead letter. Every event leaves
 * one audit record; a second delivery of the same event (EventBridge and Lambda deliver at least
 * once) finds the record and does nothing.
 * <p>
 * A dry-run returns the decisions and planned deliveries and calls no sink, writes no dead letter
 * and no audit record. It still consults the gate, whose state the caller owns: give a dry-run its
 * own gate (for a stored gate, {@link StoredAlertGate#snapshot}) to keep the real one untouched.
 * <p>
 * Only {@link DeliveryFailedException} is caught: anything else is a bug and fails the whole
 * event, which the runner then retries or sends to its own DLQ.
 */
public final class RouteAlert {
    public enum Status { PLANNED, SENT, DEAD_LETTERED }

    public record DeliveryOutcome(Delivery delivery, Status status, String detail) {
    }

    /** @param duplicateEvent true when the ledger already had this event: nothing was done */
    public record Result(List<GateDecision> decisions, List<DeliveryOutcome> deliveries, boolean duplicateEvent) {
        public Result {
            decisions = List.copyOf(decisions);
            deliveries = List.copyOf(deliveries);
        }
    }

    private final SuppressionGate gate;
    private final RoutingRules rules;
    private final Map<ChannelKind, AlertSink> sinks;
    private final DeadLetters deadLetters;
    private final RunLedger ledger;
    private final DeploymentMarkers deployments;
    private final List<MaintenanceWindow> maintenance;
    private final Clock clock;

    public RouteAlert(SuppressionGate gate, RoutingRules rules, List<AlertSink> sinks, DeadLetters deadLetters,
                      RunLedger ledger, DeploymentMarkers deployments, List<MaintenanceWindow> maintenance, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.sinks = new EnumMap<>(ChannelKind.class);
        for (AlertSink sink : sinks) {
            this.sinks.put(sink.kind(), sink);
        }
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.maintenance = List.copyOf(maintenance);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static RunKey runKeyOf(Alert alert) {
        return new RunKey("alert/" + alert.dedupeKey() + "/" + alert.state() + "/" + alert.changedAt());
    }

    public Result route(Alert alert, boolean dryRun) {
        Instant now = clock.instant();
        RunKey key = runKeyOf(alert);
        if (!dryRun && !ledger.claim(AuditRecord.started(key, "alert", now))) {
            return new Result(List.of(), List.of(), true);
        }
        List<DeploymentMarker> inForce;
        String markersUnavailable = null;
        try {
            inForce = deployments.current(now);
        } catch (DeploymentMarkersUnavailableException e) {
            // not knowing whether a deploy runs must never cost an alert: deliver it unmuted, and say why
            inForce = List.of();
            markersUnavailable = e.getMessage();
        }
        SuppressionContext context = new SuppressionContext(maintenance, inForce);
        List<GateDecision> decisions = gate.offer(alert, now, context);
        List<DeliveryOutcome> outcomes = deliverAll(decisions, dryRun);
        if (!dryRun) {
            Map<String, String> details = audit(alert, decisions.get(decisions.size() - 1), outcomes);
            if (markersUnavailable != null) {
                details.put("deploymentMarkers", "not consulted, nothing muted for a deployment: " + markersUnavailable);
            }
            ledger.update(AuditRecord.started(key, "alert", now).finish(
                    outcomes.stream().anyMatch(o -> o.status() == Status.DEAD_LETTERED) ? Outcome.FAILED : Outcome.SUCCEEDED,
                    clock.instant(), details));
        }
        return new Result(decisions, outcomes, false);
    }

    /** Sends held resolutions and post-flap firings that are due; run it on a schedule (every minute). */
    public Result sweep(boolean dryRun) {
        List<GateDecision> decisions = gate.sweep(clock.instant());
        return new Result(decisions, deliverAll(decisions, dryRun), false);
    }

    private List<DeliveryOutcome> deliverAll(List<GateDecision> decisions, boolean dryRun) {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        for (GateDecision decision : decisions) {
            if (!(decision instanceof GateDecision.Deliver deliver)) {
                continue;
            }
            for (RoutingRules.Route route : rules.route(deliver.alert())) {
                Delivery delivery = new Delivery(deliver.alert(), route.channel(), route.rule(), deliver.note());
                outcomes.add(dryRun ? new DeliveryOutcome(delivery, Status.PLANNED, null) : deliver(delivery));
            }
        }
        return outcomes;
    }

    private DeliveryOutcome deliver(Delivery delivery) {
        AlertSink sink = sinks.get(delivery.channel().kind());
        String failure;
        if (sink == null) {
            failure = "no " + delivery.channel().kind() + " sink in this runner";
        } else {
            try {
                sink.deliver(delivery);
                return new DeliveryOutcome(delivery, Status.SENT, null);
            } catch (DeliveryFailedException e) {
                failure = e.getMessage();
            }
        }
        deadLetters.keep(delivery, failure, clock.instant());
        return new DeliveryOutcome(delivery, Status.DEAD_LETTERED, failure);
    }

    /** One line for people and the audit record. */
    public static String describe(GateDecision decision) {
        if (decision instanceof GateDecision.Deliver d) {
            return "deliver" + (d.note() == null ? "" : " (" + d.note() + ")");
        }
        if (decision instanceof GateDecision.Suppress s) {
            return "suppress: " + s.reason();
        }
        return "hold until " + ((GateDecision.Hold) decision).until();
    }

    private static Map<String, String> audit(Alert alert, GateDecision own, List<DeliveryOutcome> outcomes) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("dedupeKey", alert.dedupeKey().value());
        details.put("name", alert.name()); // the alarm's name: what status shows of a dead letter
        details.put("state", alert.state().name());
        details.put("decision", describe(own));
        for (Status status : List.of(Status.SENT, Status.DEAD_LETTERED)) {
            String channels = outcomes.stream().filter(o -> o.status() == status)
                    .map(o -> o.delivery().channel().name()).collect(Collectors.joining(","));
            if (!channels.isEmpty()) {
                details.put(status == Status.SENT ? "sent" : "deadLettered", channels);
            }
        }
        return details;
    }
}
