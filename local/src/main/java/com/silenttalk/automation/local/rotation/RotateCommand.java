package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.nio.file.Path;
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

    @Option(names = "--step", paramLabel = "STEP", description = "run one step only (createSecret, setSecret, testSecret, finishSecret) of the rotation --token")
    String step;

    @Option(names = "--token", paramLabel = "VERSION", description = "the rotation's version id (default: a new UUID); replaying a token is safe")
    String token;

    @Option(names = "--repair", description = "only detect and repair a stale PENDING version left by a failed rotation")
    boolean repair;

    @Option(names = "--ledger", paramLabel = "DIR", description = "audit ledger directory (default: the configured state directory's ledger/)")
    Path ledgerDir;

    @Option(names = "--dry-run", description = "print what the rotation would do; change nothing")
    boolean dryRun;

    @Mixin
    RotationOptions how = new RotationOptions();

    @Mixin
    SecretFileInit init = new SecretFileInit();

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Override
    public Integer call() {
        RotationTargetUrl target = RotationTargetUrl.parse(targetUrl);
        RotationWiring wiring = RotationWiring.of(opsctl.env(), opsctl.clock(), opsctl.workingDir());
        if (init.asked()) {
            return init.create(opsctl, wiring, store, target);
        }
        RotationWiring.ChosenStore secrets = wiring.store(store, how.region, how.validityDays);
        Credential current = secrets.store().valueAt(secrets.secretId(), Stage.CURRENT)
                .orElseThrow(() -> new InvalidFieldException("--store", "the secret has no CURRENT value"));
        target.locator().locate(current); // refuses, before any change, a secret that logs in elsewhere
        RotationStrategy chosen = how.strategy(current.username());
        PasswordPolicy policy = how.passwordPolicy();
        Path ledger = ledgerDir != null ? opsctl.workingDir().resolve(ledgerDir) : opsctl.config().ledgerDir();
        RotateSecret rotation = wiring.rotateSecret(secrets, target, wiring.admin(target, how.adminUrl, how.adminPasswordEnv), chosen,
                policy, ledger);
        // One rotation of a secret at a time: a second would race the first's PENDING version.
        OperationLease lease = dryRun ? null
                : OperationLease.forCommand(opsctl, opsctl.config().stateDir(), "rotate", secrets.secretId(), waitOption.maxWait());
        try (lease) {
            return RotationRun.run(opsctl, rotation, secrets, new RotationRun.Mode(dryRun, repair, step, token));
        }
    }
}
