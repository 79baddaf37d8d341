package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.AdminCredentials;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
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
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.azure.rotation.KeyVaultSecretStore;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.VersionStarter;
import com.silenttalk.automation.core.UntrustedText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.security.SecureRandom;
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

    @Option(names = "--repair", description = "only detect and repair a stale AWSPENDING left by a failed rotation")
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
        if (initUser != null) {
            FileSecretStore secrets = fileStore();
            String password = opsctl.env().get(initPasswordEnv);
            if (password == null || password.isEmpty()) {
                throw new InvalidFieldException("--init-password-env", "environment variable " + initPasswordEnv + " is not set");
            }
            FileSecretStore.initialise(Path.of(secrets.secretId()), target.credential(initUser, password.toCharArray()),
                    UUID.randomUUID().toString(), opsctl.clock());
            opsctl.err().println("[rotate] created " + secrets.secretId() + " for user " + UntrustedText.quoted(initUser) + " on " + target.target().describe());
            return ExitCode.OK;
        }
        ChosenStore secrets = store();
        Credential current = secrets.store().valueAt(secrets.secretId(), Stage.CURRENT)
                .orElseThrow(() -> new InvalidFieldException("--store", "the secret has no AWSCURRENT value"));
        target.locator().locate(current); // refuses, before any change, a secret that logs in elsewhere
        RotationStrategy chosen = RotationStrategy.parse(strategy, current.username());
        PasswordPolicy policy = new PasswordPolicy(passwordLength, excludeCharacters == null ? PasswordPolicy.DEFAULT_EXCLUDED : excludeCharacters);
        Path ledger = ledgerDir != null ? opsctl.workingDir().resolve(ledgerDir) : opsctl.config().ledgerDir();
        RotateSecret rotation = new RotateSecret(secrets.store(), target.locator(), new PasswordGenerator(new SecureRandom()),
                admin(target), chosen, policy, new FileRunLedger(ledger), opsctl.clock());
        String secretId = secrets.secretId();
        // One rotation of a secret at a time: a second would race the first's AWSPENDING.
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
                    opsctl.out().println(repaired.map(r -> "repair: " + r.name().toLowerCase()).orElse("repair: no stale AWSPENDING"));
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
                opsctl.err().println("[rotate] done: version " + version + " is AWSCURRENT");
                return ExitCode.OK;
            } catch (TargetUnreachableException e) {
                opsctl.err().println("opsctl rotate: target unreachable" + during(running) + ": " + e.getMessage()
                        + "; AWSCURRENT is unchanged unless finishSecret ran");
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

    /** The store, the secret's id in it, and how a rotation is started there. */
    private record ChosenStore(SecretStore store, String secretId, Function<RotateSecret, VersionStarter> starters,
                               boolean endsRotations) {
        VersionStarter starter(RotateSecret rotation) {
            return starters.apply(rotation);
        }

        /**
         * Secrets Manager leaves AWSPENDING on the promoted version until the rotation that it drives ends; when
         * opsctl drives the rotation, opsctl ends it the same way, so the next one does not see a stale AWSPENDING.
         */
        void finished(String token) {
            if (endsRotations && store.describe(secretId).stagesOf(token).containsAll(java.util.Set.of(Stage.CURRENT, Stage.PENDING))) {
                store.removeStage(secretId, Stage.PENDING, token);
            }
        }
    }

    private ChosenStore store() {
        if (store.startsWith("aws:") && store.length() > "aws:".length()) {
            // Secrets Manager holds no empty version: the rotation starts by writing the pending value
            return new ChosenStore(CloudSecretStores.secretsManager(opsctl.env(), region), store.substring("aws:".length()),
                    RotateSecret::startingWithValue, true);
        }
        if (store.startsWith("azure:")) {
            if (validityDays <= 30) {
                throw new InvalidFieldException("--validity-days", "must be more than 30 (Key Vault sends SecretNearExpiry 30 days before expiry)");
            }
            CloudSecretStores.KeyVaultSecret secret = CloudSecretStores.KeyVaultSecret.parse(store.substring("azure:".length()));
            KeyVaultSecretStore vault = CloudSecretStores.keyVault(secret, opsctl.clock(), Duration.ofDays(validityDays));
            return new ChosenStore(vault, secret.name(), rotation -> vault, false);
        }
        FileSecretStore file = fileStore();
        return new ChosenStore(file, file.secretId(), rotation -> file, false);
    }

    private FileSecretStore fileStore() {
        if (!store.startsWith("file:") || store.length() == "file:".length()) {
            throw new InvalidFieldException("--store", "must be file:PATH, aws:SECRET-ID-OR-ARN or azure:https://VAULT/secrets/NAME"
                    + (initUser != null ? " (--init-user creates file secrets only)" : ""));
        }
        return new FileSecretStore(opsctl.workingDir().resolve(store.substring("file:".length())), opsctl.clock());
    }

    private AdminCredentials admin(RotationTargetUrl target) {
        if (adminUrl == null) {
            return AdminCredentials.none();
        }
        String password = opsctl.env().get(adminPasswordEnv);
        if (password == null) {
            throw new InvalidFieldException("--admin-password-env", "environment variable " + adminPasswordEnv + " is not set");
        }
        PgEndpoint admin = PgEndpoint.parse("--admin-url", adminUrl, password.toCharArray());
        return current -> target.credential(admin.user(), admin.password());
    }
}
