package com.silenttalk.automation.azure.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunClaims;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationPlan;
import com.silenttalk.automation.core.rotation.StepResult;
import com.silenttalk.automation.core.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One Key Vault rotation per live version, however often and in whatever order it is asked for.
 * Event Grid delivers at least once and out of order, and a person may press the manual trigger twice:
 * <ul>
 *   <li>a request about a version that is no longer the one apps read, or issued before that version was
 *       written, is stale: acknowledged, nothing changed;</li>
 *   <li>otherwise the run "replace version V of secret S" is claimed in the ledger (one conditional insert
 *       wins); the rotation's token is derived from V, so a redelivery after a crash resumes the same
 *       rotation (each step of {@link RotateSecret} is idempotent) instead of starting a second one;</li>
 *   <li>a run another worker started less than {@code lease} ago is left to it: the caller retries later.</li>
 * </ul>
 * The four steps are the core's: the pending credential goes to the companion secret, is set and tested on
 * the database, and only then written as the version apps read (see {@link KeyVaultSecretStore}).
 */
public final class KeyVaultRotation {
    /** What one request came to. */
    public enum Action { ROTATED, ALREADY_ROTATED, IN_PROGRESS, STALE, PLANNED }

    /** The answer: identifiers only, never a value. */
    public record Result(Action action, String secret, String replacedVersion, String reason, List<String> plan) {
        /** The functions' one log line for this answer to {@code request}: identifiers only. */
        public String logLine(RotationRequest request) {
            return "secret-rotation source=" + request.source() + " secret=" + request.secret() + " version=" + replacedVersion
                    + " action=" + toMap().get("action") + (reason == null ? "" : " reason=" + reason);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("action", action.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            out.put("secret", secret);
            if (replacedVersion != null) {
                out.put("replacedVersion", replacedVersion);
            }
            if (reason != null) {
                out.put("reason", reason);
            }
            if (!plan.isEmpty()) {
                out.put("plan", plan);
            }
            return out;
        }
    }

    private final KeyVaultSecretStore store;
    private final RotateSecret rotation;
    private final RunLedger ledger;
    private final Set<String> secrets;
    private final Duration lease;
    private final Clock clock;

    public KeyVaultRotation(KeyVaultSecretStore store, RotateSecret rotation, RunLedger ledger, Set<String> secrets,
                            Duration lease, Clock clock) {
        this.store = store;
        this.rotation = rotation;
        this.ledger = ledger;
        this.secrets = Set.copyOf(secrets);
        this.lease = lease;
        this.clock = clock;
    }

    /** Refuses a request for a secret this function does not rotate; a batch checks every event before it rotates any. */
    public void requireRotated(RotationRequest request) {
        requireRotated(secrets, List.of(request));
    }

    public void requireRotated(List<RotationRequest> batch) {
        requireRotated(secrets, batch);
    }

    /**
     * The one refusal a real run and a dry-run both give: every notice of a batch checked before any rotates, a bad
     * one of several named {@code event[i].<field>}, an Event Grid notice's field named as the event names it.
     */
    public static void requireRotated(Set<String> rotated, List<RotationRequest> batch) {
        for (int i = 0; i < batch.size(); i++) {
            RotationRequest request = batch.get(i);
            if (!rotated.contains(request.secret())) {
                InvalidFieldException refusal = new InvalidFieldException(
                        request.version().isPresent() && request.issuedAt().isPresent() ? "data.ObjectName" : "secret",
                        UntrustedText.quoted(request.secret()) + " is not one of the rotated secrets (ST_ROTATION_SECRETS)");
                throw batch.size() == 1 ? refusal : refusal.under("event[" + i + "]");
            }
        }
    }

    /** Each notice of a batch in turn, each answer's log line given to {@code log}; returns the secrets another worker is rotating. */
    public List<String> handleBatch(List<RotationRequest> batch, Consumer<String> log) {
        List<String> inProgress = new ArrayList<>();
        for (RotationRequest request : batch) {
            Result result = handle(request);
            log.accept(result.logLine(request));
            if (result.action() == Action.IN_PROGRESS) {
                inProgress.add(request.secret());
            }
        }
        return inProgress;
    }

    public Result handle(RotationRequest request) {
        requireRotated(request);
        KeyVaultSecretStore.LiveVersion live = store.liveVersion(request.secret()).orElseThrow(() ->
                new RotationFailedException("Key Vault secret " + request.secret() + " has no enabled version"));
        Optional<String> stale = staleness(request, live);
        if (stale.isPresent()) {
            return new Result(Action.STALE, request.secret(), live.version(), stale.get(), List.of());
        }
        if (request.dryRun()) {
            RotationPlan plan = rotation.plan(request.secret());
            return new Result(Action.PLANNED, request.secret(), live.version(), null, plan.steps());
        }
        return replace(request.secret(), live.version());
    }

    /** Why a request no longer applies, if it does not: pure, so each case is tested on its own. */
    static Optional<String> staleness(RotationRequest request, KeyVaultSecretStore.LiveVersion live) {
        if (request.version().isPresent() && !request.version().get().equals(live.version())) {
            return Optional.of("version " + request.version().get() + " is no longer the live version");
        }
        if (request.issuedAt().isPresent() && live.createdOn().isAfter(request.issuedAt().get())) {
            return Optional.of("the live version was written at " + live.createdOn() + ", after the request (" + request.issuedAt().get() + ")");
        }
        return Optional.empty();
    }

    private Result replace(String secret, String liveVersion) {
        RunKey key = new RunKey("rotation/keyvault/" + secret + "/" + liveVersion);
        // failed, or started by a worker that has not been heard of for a lease: the claim resumes the same rotation
        RunClaims.Claim claim = new RunClaims(ledger, lease).claim(key, "rotation.keyvault", clock.instant());
        if (claim.kind() == RunClaims.Claim.Kind.DONE) {
            return new Result(Action.ALREADY_ROTATED, secret, liveVersion, "run " + key.value() + " succeeded at " + claim.record().updatedAt(), List.of());
        }
        if (claim.kind() == RunClaims.Claim.Kind.HELD) {
            return new Result(Action.IN_PROGRESS, secret, liveVersion, "run " + key.value() + " started at " + claim.record().updatedAt(), List.of());
        }
        AuditRecord started = claim.record();
        String token = tokenFor(secret, liveVersion);
        try {
            rotation.begin(store, secret, token);
            List<StepResult> steps = rotation.rotate(secret, token);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("secret", secret);
            details.put("replacedVersion", liveVersion);
            details.put("token", token);
            steps.stream().filter(s -> s.details().containsKey("user")).reduce((a, b) -> b)
                    .ifPresent(s -> details.put("user", s.details().get("user")));
            ledger.update(started.finish(Outcome.SUCCEEDED, clock.instant(), details));
            return new Result(Action.ROTATED, secret, liveVersion, null, List.of());
        } catch (RuntimeException e) {
            // the core's messages name users, versions and targets, never a value
            ledger.update(started.finish(Outcome.FAILED, clock.instant(), Map.of("secret", secret, "replacedVersion", liveVersion,
                    "token", token, "error", e.getClass().getSimpleName() + ": " + e.getMessage())));
            throw e;
        }
    }

    /** The rotation that replaces one live version always has the same token: replays resume it. */
    static String tokenFor(String secret, String liveVersion) {
        return UUID.nameUUIDFromBytes(("keyvault-rotation/" + secret + "/" + liveVersion).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
