package com.silenttalk.automation.core.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import com.silenttalk.automation.core.UntrustedText;

/** The pure rules of the rotation protocol. No I/O: each takes what the ports said and decides. */
public final class RotationDecisions {
    /** Attributes that identify where a credential logs in; a rotation must never change them. */
    public static final List<String> IDENTITY_ATTRIBUTES = List.of("port", "dbname", "engine");

    private RotationDecisions() {
    }

    /**
     * The staging-label contract every step starts with: rotation must be enabled, the token must be
     * a version of the secret, an CURRENT token means "already done", and anything else but
     * PENDING is refused.
     */
    public static Admission admit(SecretDescription secret, RotationEvent event) {
        if (!secret.rotationEnabled()) {
            throw new RotationRejectedException("RotationEnabled", "secret " + secret.secretId() + " does not have rotation enabled");
        }
        if (!secret.hasVersion(event.token())) {
            throw new RotationRejectedException("ClientRequestToken",
                    "version " + event.token() + " is not a version of secret " + secret.secretId());
        }
        var stages = secret.stagesOf(event.token());
        if (stages.contains(Stage.CURRENT)) {
            return Admission.ALREADY_CURRENT;
        }
        if (!stages.contains(Stage.PENDING)) {
            throw new RotationRejectedException("ClientRequestToken",
                    "version " + event.token() + " of secret " + secret.secretId() + " is not " + Stage.PENDING);
        }
        return Admission.PROCEED;
    }

    /** The pending credential a create step writes: the strategy's next user, same host and attributes, the new password. */
    public static Credential nextCredential(RotationStrategy strategy, Credential current, char[] newPassword) {
        return current.withUserAndPassword(strategy.nextUsername(current.username()), newPassword);
    }

    /** Refuses a pending credential that would log in somewhere else or as someone the strategy does not allow. */
    public static void checkIdentity(RotationStrategy strategy, Credential current, Credential pending) {
        if (!current.host().equals(pending.host())) {
            throw new RotationRejectedException("host", "the pending version logs in to host '" + pending.host()
                    + "' but the current one to " + UntrustedText.quoted(current.host()) + "; a rotation never moves a secret");
        }
        for (String attribute : IDENTITY_ATTRIBUTES) {
            if (!Objects.equals(current.attributes().get(attribute), pending.attributes().get(attribute))) {
                throw new RotationRejectedException(attribute, "the pending version has a different " + attribute
                        + " than the current one; a rotation never moves a secret");
            }
        }
        String expected = strategy.nextUsername(current.username());
        if (!pending.username().equals(expected)) {
            throw new RotationRejectedException("username", "the pending version is for user '" + pending.username()
                    + "' but the strategy rotates " + UntrustedText.quoted(expected) + " after " + UntrustedText.quoted(current.username()));
        }
    }

    /**
     * Whom the set step authenticates as, in order: single-user changes its own password, so it tries
     * the current login, then the previous one (a half-finished earlier rotation may have left either valid).
     * Alternating users always authenticate as the administrator, so the order is empty.
     */
    public static List<Credential> selfChangeOrder(RotationStrategy strategy, Credential current, Optional<Credential> previous) {
        if (!(strategy instanceof RotationStrategy.SingleUser)) {
            return List.of();
        }
        List<Credential> order = new ArrayList<>();
        order.add(current);
        previous.filter(p -> p.username().equals(current.username()) && !p.samePassword(current)).ifPresent(order::add);
        return order;
    }

    public static StuckPendingRepair repair(Login current, Login stalePending) {
        if (current == Login.ACCEPTED) {
            return StuckPendingRepair.ABANDON;
        }
        return stalePending == Login.ACCEPTED ? StuckPendingRepair.COMPLETE : StuckPendingRepair.REFUSE;
    }
}
