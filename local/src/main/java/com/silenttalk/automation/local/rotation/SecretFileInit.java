package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.UUID;
import picocli.CommandLine.Option;

/** {@code opsctl rotate --init-user}: creates the secret file a first rotation starts from, and stops. */
public final class SecretFileInit {
    @Option(names = "--init-user", paramLabel = "USER",
            description = "create the secret file (it must not exist) for USER, with the password in --init-password-env, then stop")
    String initUser;

    @Option(names = "--init-password-env", defaultValue = "OPSCTL_ROTATE_INITIAL_PASSWORD", paramLabel = "NAME",
            description = "environment variable holding the password for --init-user (default: ${DEFAULT-VALUE})")
    String initPasswordEnv;

    boolean asked() {
        return initUser != null;
    }

    int create(OpsctlContext opsctl, RotationWiring wiring, String store, RotationTargetUrl target) {
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
}
