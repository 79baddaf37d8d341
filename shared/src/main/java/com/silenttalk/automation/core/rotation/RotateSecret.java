package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunClaims;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Secret rotation in four idempotent steps: create pending, set on the target, test, finish.
 * Every step first checks the staging-label contract ({@link RotationDecisions#admit}); a refused event
 * changes nothing. Each admitted step leaves one audit record in the ledger, keyed by secret, token and
 * step; a step the ledger records as succeeded is not run again. Replays are safe without the ledger too:
 * each step looks at the store and the target before it writes.
 */
public final class RotateSecret {
    private final SecretStore store;
    private final TargetLocator targets;
    private final PasswordSource passwords;
    private final AdminCredentials admin;
    private final Function<Credential, RotationStrategy> strategies;
    private final PasswordPolicy policy;
    private final RunLedger ledger;
    private final Clock clock;

    public RotateSecret(SecretStore store, TargetLocator targets, PasswordSource passwords, AdminCredentials admin,
                        RotationStrategy strategy, PasswordPolicy policy, RunLedger ledger, Clock clock) {
        this(store, targets, passwords, admin, current -> strategy, policy, ledger, clock);
    }

    /**
     * @param strategies picks the strategy from the secret's current credential (on AWS: alternating-users
     *                   when the secret names a {@code masterarn}, single-user otherwise)
     */
    public RotateSecret(SecretStore store, TargetLocator targets, PasswordSource passwords, AdminCredentials admin,
                        Function<Credential, RotationStrategy> strategies, PasswordPolicy policy, RunLedger ledger, Clock clock) {
        this.store = store;
        this.targets = targets;
        this.passwords = passwords;
        this.admin = admin;
        this.strategies = strategies;
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Runs one step of one rotation, as Secrets Manager invokes it. */
    public StepResult step(RotationEvent event) {
        SecretDescription secret = store.describe(event.secretId());
        Admission admission = RotationDecisions.admit(secret, event);
        RunKey key = new RunKey("rotation/" + event.secretId() + "/" + event.token() + "/" + event.step().eventName());
        // Secrets Manager retries a step whose invocation timed out: a step in progress is resumed at once (no lease)
        RunClaims.Claim claim = new RunClaims(ledger, Duration.ZERO).claim(key, "rotation." + event.step().eventName(), clock.instant());
        if (claim.kind() == RunClaims.Claim.Kind.DONE) {
            return new StepResult(event, "already-done", Map.of("secret", event.secretId(), "version", event.token()));
        }
        AuditRecord started = claim.record();
        try {
            StepResult result = admission == Admission.ALREADY_CURRENT ? alreadyCurrent(event) : run(event, secret);
            ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(), withAction(result)));
            return result;
        } catch (RuntimeException e) {
            // Recorded, then rethrown: the caller (Secrets Manager, opsctl) sees the failure.
            ledger.update(started.finish(Outcome.FAILED, clock.instant(), Map.of("secret", event.secretId(), "version",
                    event.token(), "error", e.getClass().getSimpleName() + ": " + e.getMessage())));
            throw e;
        }
    }

    /** The dry run: reads the secret's description and current value, writes nothing, touches no target. */
    public RotationPlan plan(String secretId) {
        SecretDescription secret = store.describe(secretId);
        Credential current = currentValue(secretId);
        return RotationPlan.of(secret, current, strategies.apply(current), policy, targets.locate(current).describe());
    }

    /**
     * Starts a rotation on a store that does not start them itself: repairs a stale PENDING, then
     * attaches PENDING to the new version {@code token}.
     */
    public Optional<StuckPendingRepair> begin(VersionStarter starter, String secretId, String token) {
        SecretDescription secret = store.describe(secretId);
        new RotationEvent(secretId, token, RotationStep.CREATE); // validates the token
        if (!secret.rotationEnabled()) {
            throw new RotationRejectedException("RotationEnabled", "secret " + secretId + " does not have rotation enabled");
        }
        Optional<StuckPendingRepair> repaired = repairStuckPending(secretId, token);
        starter.beginVersion(secretId, token);
        return repaired;
    }

    /**
     * The starter for a store that creates a version only together with its value (Secrets Manager, when we
     * rather than its RotateSecret API start the rotation): version {@code token} is written at once with the
     * credential createSecret would write, and createSecret then finds it. Idempotent for the same token.
     */
    public VersionStarter startingWithValue() {
        return (secretId, token) -> {
            if (store.describe(secretId).hasVersion(token)) {
                return;
            }
            Credential current = currentValue(secretId);
            store.putPending(secretId, token, RotationDecisions.nextCredential(strategies.apply(current), current, passwords.newPassword(policy)));
        };
    }

    /** Runs all four steps (after {@link #begin}); stops at the first failure, which it rethrows. */
    public List<StepResult> rotate(String secretId, String token) {
        List<StepResult> results = new ArrayList<>();
        for (RotationStep step : RotationStep.values()) {
            results.add(step(new RotationEvent(secretId, token, step)));
        }
        return results;
    }

    /**
     * Detects and repairs an PENDING left by a failed rotation (a version other than {@code exceptToken}):
     * dropped when the current login still works, promoted when only it works, refused otherwise.
     */
    public Optional<StuckPendingRepair> repairStuckPending(String secretId, String exceptToken) {
        SecretDescription secret = store.describe(secretId);
        Optional<String> stale = secret.stalePending(exceptToken);
        if (stale.isEmpty()) {
            return Optional.empty();
        }
        String staleVersion = stale.get();
        Optional<Credential> staleValue = store.valueOf(secretId, staleVersion);
        StuckPendingRepair decision;
        Credential current = currentValue(secretId);
        CredentialTarget target = targets.locate(current);
        if (staleValue.isEmpty()) {
            decision = StuckPendingRepair.ABANDON;
        } else {
            Login currentLogin = target.tryLogin(current);
            Login staleLogin = currentLogin == Login.ACCEPTED ? Login.REJECTED : target.tryLogin(staleValue.get());
            decision = RotationDecisions.repair(currentLogin, staleLogin);
        }
        RunKey key = new RunKey("rotation/" + secretId + "/" + staleVersion + "/repair");
        AuditRecord started = AuditRecord.started(key, "rotation.repair", clock.instant());
        ledger.claim(started);
        Map<String, String> details = Map.of("secret", secretId, "version", staleVersion, "repair", decision.name());
        switch (decision) {
            case ABANDON -> store.removeStage(secretId, Stage.PENDING, staleVersion);
            case COMPLETE -> {
                store.promote(secretId, staleVersion, secret.versionWith(Stage.CURRENT).orElseThrow(
                        () -> new RotationFailedException("secret " + secretId + " has no " + Stage.CURRENT + " version")));
                target.afterPromotion(staleValue.get());
            }
            case REFUSE -> {
                ledger.update(started.finish(Outcome.FAILED, clock.instant(), details));
                throw new RotationFailedException("secret " + secretId + ": stale " + Stage.PENDING + " version " + staleVersion
                        + " and the current version are both rejected by " + target.describe() + "; nothing was changed");
            }
        }
        ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(), details));
        return Optional.of(decision);
    }

    private StepResult alreadyCurrent(RotationEvent event) {
        if (event.step() == RotationStep.FINISH) {
            // A finish killed after the promotion: the target's retirement of the older password is idempotent, redo it.
            Credential current = currentValue(event.secretId());
            targets.locate(current).afterPromotion(current);
        }
        return result(event, null, "already-current", Map.of());
    }

    private StepResult run(RotationEvent event, SecretDescription secret) {
        String secretId = event.secretId();
        Credential current = currentValue(secretId);
        CredentialTarget target = targets.locate(current);
        return switch (event.step()) {
            case CREATE -> create(event, current, strategies.apply(current));
            case SET -> set(event, current, target, strategies.apply(current));
            case TEST -> test(event, current, target, strategies.apply(current));
            case FINISH -> finish(event, secret, target, strategies.apply(current));
        };
    }

    private StepResult create(RotationEvent event, Credential current, RotationStrategy strategy) {
        Optional<Credential> existing = store.valueOf(event.secretId(), event.token());
        if (existing.isPresent()) {
            try {
                RotationDecisions.checkIdentity(strategy, current, existing.get());
            } catch (RotationRejectedException e) {
                // A pending version that can never be set: drop its label so the next rotation starts afresh.
                store.removeStage(event.secretId(), Stage.PENDING, event.token());
                throw new RotationFailedException("secret " + event.secretId() + ": stuck pending version " + event.token()
                        + " (" + e.getMessage() + "); removed its " + Stage.PENDING + " label, the next rotation starts afresh", e);
            }
            return result(event, strategy, "already-created", Map.of("user", existing.get().username()));
        }
        Credential pending = RotationDecisions.nextCredential(strategy, current, passwords.newPassword(policy));
        store.putPending(event.secretId(), event.token(), pending);
        return result(event, strategy, "created", Map.of("user", pending.username()));
    }

    private StepResult set(RotationEvent event, Credential current, CredentialTarget target, RotationStrategy strategy) {
        Credential pending = pendingValue(event);
        RotationDecisions.checkIdentity(strategy, current, pending);
        if (target.tryLogin(pending) == Login.ACCEPTED) {
            return result(event, strategy, "already-set", Map.of("user", pending.username()));
        }
        if (strategy instanceof RotationStrategy.AlternatingUsers) {
            if (!(target instanceof RoleTwinning twinning)) {
                throw new RotationRejectedException("strategy", target.describe() + " cannot keep two users identical; use single-user");
            }
            Credential administrator = admin.adminFor(current);
            twinning.makeTwin(administrator, current.username(), pending.username());
            target.setPassword(administrator, pending.username(), pending.password(), Optional.empty());
            return result(event, strategy, "set", Map.of("user", pending.username(), "as", "admin"));
        }
        Optional<Credential> previous = store.valueAt(event.secretId(), Stage.PREVIOUS);
        for (Credential login : RotationDecisions.selfChangeOrder(strategy, current, previous)) {
            if (target.tryLogin(login) == Login.ACCEPTED) {
                target.setPassword(login, pending.username(), pending.password(), Optional.of(login));
                return result(event, strategy, "set", Map.of("user", pending.username(),
                        "as", login.samePassword(current) ? "current" : "previous"));
            }
        }
        throw new RotationFailedException("secret " + event.secretId() + ": " + target.describe()
                + " accepts none of the pending, current and previous logins of user " + UntrustedText.quoted(pending.username()));
    }

    private StepResult test(RotationEvent event, Credential current, CredentialTarget target, RotationStrategy strategy) {
        Credential pending = pendingValue(event);
        RotationDecisions.checkIdentity(strategy, current, pending);
        if (target.tryLogin(pending) != Login.ACCEPTED) {
            throw new RotationFailedException("secret " + event.secretId() + ": " + target.describe()
                    + " rejects the pending login of user " + UntrustedText.quoted(pending.username()));
        }
        if (strategy instanceof RotationStrategy.AlternatingUsers && target instanceof RoleTwinning twinning) {
            Credential administrator = admin.adminFor(current);
            SortedSet<String> drift = twinning.profile(administrator, current.username())
                    .driftFrom(twinning.profile(administrator, pending.username()));
            if (!drift.isEmpty()) {
                throw new RotationFailedException("secret " + event.secretId() + ": users " + UntrustedText.quoted(current.username()) + " and '"
                        + pending.username() + "' are not identical: " + String.join("; ", drift));
            }
        }
        return result(event, strategy, "tested", Map.of("user", pending.username()));
    }

    private StepResult finish(RotationEvent event, SecretDescription secret, CredentialTarget target, RotationStrategy strategy) {
        String currentVersion = secret.versionWith(Stage.CURRENT).orElseThrow(
                () -> new RotationFailedException("secret " + event.secretId() + " has no " + Stage.CURRENT + " version"));
        Credential pending = pendingValue(event);
        store.promote(event.secretId(), event.token(), currentVersion);
        target.afterPromotion(pending);
        return result(event, strategy, "promoted", Map.of("user", pending.username(), "previousVersion", currentVersion));
    }

    private Credential currentValue(String secretId) {
        return store.valueAt(secretId, Stage.CURRENT).orElseThrow(
                () -> new RotationFailedException("secret " + secretId + " has no " + Stage.CURRENT + " value"));
    }

    private Credential pendingValue(RotationEvent event) {
        return store.valueOf(event.secretId(), event.token()).orElseThrow(() -> new RotationFailedException(
                "secret " + event.secretId() + ": version " + event.token() + " has no value; createSecret has not run"));
    }

    private StepResult result(RotationEvent event, RotationStrategy strategy, String action, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>(extra);
        details.put("secret", event.secretId());
        details.put("version", event.token());
        if (strategy != null) {
            details.put("strategy", strategy instanceof RotationStrategy.AlternatingUsers ? "alternating-users" : "single-user");
        }
        return new StepResult(event, action, details);
    }

    private static Map<String, String> withAction(StepResult result) {
        Map<String, String> details = new LinkedHashMap<>(result.details());
        details.put("action", result.action());
        return details;
    }
}
