package com.silenttalk.automation.core.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import com.silenttalk.automation.core.UntrustedText;

/** The dry run: what a rotation of one secret would do, step by step, without a password in it. */
public record RotationPlan(String secretId, List<String> steps) {
    public RotationPlan {
        steps = List.copyOf(steps);
    }

    /** Pure: from the description, the current credential, the strategy and the policy. */
    public static RotationPlan of(SecretDescription secret, Credential current, RotationStrategy strategy,
                                  PasswordPolicy policy, String target) {
        if (!secret.rotationEnabled()) {
            throw new RotationRejectedException("RotationEnabled", "secret " + secret.secretId() + " does not have rotation enabled");
        }
        List<String> steps = new ArrayList<>();
        Optional<String> stale = secret.stalePending(null);
        stale.ifPresent(v -> steps.add("repair: version " + v + " is a stale " + Stage.PENDING
                + "; drop it if the current login works, promote it if only it works"));
        String user = strategy.nextUsername(current.username());
        steps.add("createSecret: new " + policy.length() + "-character password for user " + UntrustedText.quoted(user) + " as a new version ("
                + Stage.PENDING + ")");
        if (strategy instanceof RotationStrategy.AlternatingUsers) {
            steps.add("setSecret: as the administrator, make " + UntrustedText.quoted(user) + " a twin of '" + current.username()
                    + "' (memberships, grants, default privileges) and set its password on " + target);
        } else {
            steps.add("setSecret: change the password of " + UntrustedText.quoted(user) + " on " + target + ", logging in as the current user");
        }
        steps.add("testSecret: log in to " + target + " as " + UntrustedText.quoted(user) + " with the pending password"
                + (strategy instanceof RotationStrategy.AlternatingUsers ? "; refuse if the twins' privileges drifted" : ""));
        steps.add("finishSecret: move " + Stage.CURRENT + " to the new version; the old one becomes " + Stage.PREVIOUS
                + (strategy instanceof RotationStrategy.AlternatingUsers
                ? "; " + UntrustedText.quoted(current.username()) + " keeps working until the next rotation" : ""));
        return new RotationPlan(secret.secretId(), steps);
    }
}
