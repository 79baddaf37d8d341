package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationPlan;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.StepResult;
import com.silenttalk.automation.core.rotation.StuckPendingRepair;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.core.UntrustedText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Rotate a PostgreSQL or Redis password kept in a secret store, in four idempotent steps:",
                "createSecret, setSecret, testSecret, finishSecret. The current login keeps working until the new one is tested.",
                "Passwords are never printed."})
public final class RotateCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--target", required = true, paramLabel = "URL",
            description = "postgresql://host:port/database[?sslmode=require] or redis://host:port (no user or password: the secret holds them)")
    String targetUrl;

    @Option(names = "--store", required = true, paramLabel = "STORE", description = {
            "file:PATH (a JSON secret file, mode 0600),",
            "aws:SECRET-ID-OR-ARN (Secrets Manager; region from --region or AWS_REGION, endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER"
                    + " or AWS_ENDPOINT_URL, credentials from AWS_* or the SDK's default chain), or",
            "azure:https://VAULT.vault.azure.net/secrets/NAME (Key Vault, signed in with DefaultAzureCredential; the new version"
                    + " is written only after the database accepts it)"})
    String store;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of an aws: store (default: AWS_REGION)")
    String region;

    @Option(names = "--validity-days", defaultValue = "90", description = "azure: the new Key Vault version's expiry (default: ${DEFAULT-VALUE})")
    int validityDays;

    @Option(names = "--strategy", defaultValue = "single-user", description = "single-user or alternating-users (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--admin-url", paramLabel = "URL", description = "alternating-users: postgresql://admin@host:port/database, password from --admin-password-env")
    String adminUrl;

    @Option(names = "--admin-password-env", defaultValue = "OPSCTL_ROTATE_ADMIN_PASSWORD", paramLabel = "NAME",
            description = "environment variable holding the admin password (default: ${DEFAULT-VALUE})")
    String adminPasswordEnv;

    @Option(names = "--init-user", paramLabel = "USER",
            description = "create the secret file (it must not exist) for USER, with the password in --init-password-env, then stop")
    String initUser;

    @Option(names = "--init-password-env", defaultValue = "OPSCTL_ROTATE_INITIAL_PASSWORD", paramLabel = "NAME",
            description = "environment variable holding the password for --init-user (default: ${DEFAULT-VALUE})")
    String initPasswordEnv;

    @Option(names = "--step", paramLabel = "STEP", description = "run one step only (createSecret, setSecret, testSecret, finishSecret) of the rotation --token")
    String step;

    @Option(names = "--token", paramLabel = "VERSION", description = "the rotation's version id (default: a new UUID); replaying a token is safe")
    String token;

    @Option(names = "--repair", description = "only detect and repair a stale PENDING version left by a failed rotation")
    boolean repair;

    @Option(names = "--password-length", defaultValue = "32", description = "length of new passwords (default: ${DEFAULT-VALUE})")
    int passwordLength;

    @Option(names = "--exclude-characters", paramLabel = "CHARS", description = "characters new passwords must not contain (default: those that break URLs, .pgpass and shells)")
    String excludeCharacters;

    @Option(names = "--ledger", paramLabel = "DIR", description = "audit ledger directory (default: the configured state directory's ledger/)")
    Path ledgerDir;

    @Option(names = "--dry-run", description = "print what the rotation would do; change nothing")
    boolean dryRun;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Override
    public Integer call() {
        RotationTargetUrl target = RotationTargetUrl.parse(targetUrl);
        RotationWiring wiring = RotationWiring.of(opsctl.env(), opsctl.clock(), opsctl.workingDir());
        if (initUser != null) {
            FileSecretStore secrets = wiring.fileStore(store, true);
            String password = opsctl.env().get(initPasswordEnv);
            if (password == null || password.isEmpty()) {
                throw new InvalidFieldException("--init-password-env", "environment variable " + initPasswordEnv + " is not set");
            }
            FileSecretStore.initialise(Path.of(secrets.secretId()), target.credential(initUser, password.toCharArray()),
                    UUID.randomUUID().toString(), opsctl.clock());
            opsctl.err().println("[rotate] created " + secrets.secretId() + " for user " + UntrustedText.quoted(initUser) + " on " + target.target().describe());
            return ExitCode.OK;
        }
        RotationWiring.ChosenStore secrets = wiring.store(store, region, validityDays);
        Credential current = secrets.store().valueAt(secrets.secretId(), Stage.CURRENT)
                .orElseThrow(() -> new InvalidFieldException("--store", "the secret has no CURRENT value"));
        target.locator().locate(current); // refuses, before any change, a secret that logs in elsewhere
        RotationStrategy chosen = RotationStrategy.parse(strategy, current.username());
        PasswordPolicy policy = new PasswordPolicy(passwordLength, excludeCharacters == null ? PasswordPolicy.DEFAULT_EXCLUDED : excludeCharacters);
        Path ledger = ledgerDir != null ? opsctl.workingDir().resolve(ledgerDir) : opsctl.config().ledgerDir();
        RotateSecret rotation = wiring.rotateSecret(secrets, target, wiring.admin(target, adminUrl, adminPasswordEnv), chosen, policy,
                ledger);
        String secretId = secrets.secretId();
        // One rotation of a secret at a time: a second would race the first's PENDING version.
        OperationLease lease = dryRun ? null
                : OperationLease.forCommand(opsctl, opsctl.config().stateDir(), "rotate", secretId, waitOption.maxWait());
        try (lease) {
            RotationStep running = null;
            try {
                if (dryRun) {
                    RotationPlan plan = rotation.plan(secretId);
                    plan.steps().forEach(s -> opsctl.out().println("would " + s));
                    opsctl.err().println("[rotate] dry run: nothing changed");
                    return ExitCode.OK;
                }
                if (repair) {
                    Optional<StuckPendingRepair> repaired = rotation.repairStuckPending(secretId, null);
                    opsctl.out().println(repaired.map(r -> "repair: " + r.name().toLowerCase()).orElse("repair: no stale PENDING"));
                    return ExitCode.OK;
                }
                if (step != null) {
                    if (token == null) {
                        throw new InvalidFieldException("--token", "--step needs the rotation's --token");
                    }
                    RotationStep one = RotationStep.fromEventName(step);
                    running = one;
                    if (one == RotationStep.CREATE) {
                        rotation.begin(secrets.starter(rotation), secretId, token);
                    }
                    print(List.of(rotation.step(new RotationEvent(secretId, token, one))));
                    if (one == RotationStep.FINISH) {
                        secrets.finished(token);
                    }
                    return ExitCode.OK;
                }
                String version = token != null ? token : UUID.randomUUID().toString();
                rotation.begin(secrets.starter(rotation), secretId, version).ifPresent(r -> opsctl.out().println("repair: " + r.name().toLowerCase()));
                for (RotationStep each : RotationStep.values()) {
                    running = each;
                    print(List.of(rotation.step(new RotationEvent(secretId, version, each))));
                }
                secrets.finished(version);
                opsctl.err().println("[rotate] done: version " + version + " is CURRENT");
                return ExitCode.OK;
            } catch (TargetUnreachableException e) {
                opsctl.err().println("opsctl rotate: target unreachable" + during(running) + ": " + e.getMessage()
                        + "; CURRENT is unchanged unless finishSecret ran");
                return ExitCode.ENVIRONMENT;
            } catch (RotationFailedException e) {
                opsctl.err().println("opsctl rotate: failed" + during(running) + ": " + e.getMessage());
                return ExitCode.CHECK_FAILED;
            }
        }
    }

    private static String during(RotationStep step) {
        return step == null ? "" : " in " + step.eventName();
    }

    private void print(List<StepResult> results) {
        for (StepResult r : results) {
            opsctl.out().println(r.event().step().eventName() + ": " + r.action()
                    + (r.details().containsKey("user") ? " (user " + r.details().get("user") + ")" : ""));
        }
    }
}
