package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.PasswordSource;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.StepResult;
import com.silenttalk.automation.core.rotation.TargetLocator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Secrets Manager rotation function: one of createSecret, setSecret, testSecret, finishSecret per call
 * (a {@code SecretsManagerRotationEvent}: {@code Step}, {@code SecretId}, {@code ClientRequestToken}). The
 * staging-label contract, idempotence and stuck-pending repair are the core's {@link RotateSecret}.
 * A secret with a {@code masterarn} rotates alternating users (the master secret changes the twin);
 * without, single-user. PostgreSQL roles and ElastiCache AUTH tokens are rotated; other engines are refused before any change.
 * Deployed, new passwords come from Secrets Manager's GetRandomPassword (length and exclusions from
 * ST_ROTATION_PASSWORD_LENGTH / ST_ROTATION_EXCLUDE_CHARACTERS); the SDK client honours
 * AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL, so a fresh JVM can run a step against a local stub.
 * One log line per call, with the step, the secret's ARN and the action: never the event, never a value.
 */
public final class SecretsManagerRotationHandler extends EventFunction<RotationEvent> {
    public static final String NAME = "secret-rotation";

    private final RotationWiring rotation;

    public SecretsManagerRotationHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SecretsManagerRotationHandler(AwsWiring w) {
        this(RotationWiring.of(w), w.log(NAME));
    }

    SecretsManagerRotationHandler(SecretsManagerSecretStore store, PasswordSource passwords, TargetLocator targets, RunLedger ledger,
                                  List<String> otherActions, PasswordPolicy policy, Clock clock, LineLog log, String region) {
        this(new RotationWiring(store, passwords, targets, ledger, otherActions, policy, clock, region), log);
    }

    private SecretsManagerRotationHandler(RotationWiring rotation, LineLog log) {
        super(NAME, rotation.ledger(), rotation.clock(), log);
        this.rotation = rotation;
    }

    @Override
    protected RotationEvent parse(Map<String, Object> event) {
        return RotationWiring.parse(event);
    }

    @Override
    protected Rendered execute(RotationEvent command, Instant now) {
        StepResult result = rotation.rotation().step(command);
        Map<String, Object> out = output();
        out.put("step", command.step().eventName());
        out.put("secret", command.secretId());
        out.put("action", result.action());
        if (result.details().containsKey("user")) {
            out.put("user", result.details().get("user"));
        }
        return Rendered.succeeded(out, Map.of());
    }

    /** Names the step and the secret, never a value: "rejected" for a secret this function refuses, else "failed". */
    @Override
    protected Optional<Map<String, Object>> failureLine(RotationEvent command, RuntimeException e) {
        return Optional.of(Map.of("step", command.step().eventName(), "secret", command.secretId(),
                e instanceof InvalidFieldException ? "rejected" : "failed",
                e instanceof InvalidFieldException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        return rotation.plannedStep(parse(event));
    }

    @Override
    public List<String> requiredActions() {
        return rotation.requiredActions();
    }

    /**
     * SnapStart priming: runs createSecret's real SDK marshalling, signing and unmarshalling, the ledger writes and
     * the log line on throwaway clients whose HTTP client is the SDK's offline {@code CannedResponseHttpClient}
     * ({@link RotationPriming}). No network call, no credential lookup, nothing written anywhere.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(Map.of("Step", "createSecret", "SecretId", RotationPriming.SECRET, "ClientRequestToken", RotationPriming.TOKEN));
        RotationPriming.createSecret(rotation.region(), rotation.policy(), rotation.targets(), clock);
    }
}
