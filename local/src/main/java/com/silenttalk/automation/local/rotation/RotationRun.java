package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationPlan;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.StepResult;
import com.silenttalk.automation.core.rotation.StuckPendingRepair;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import java.util.Optional;
import java.util.UUID;

/**
 * One {@code opsctl rotate} of an assembled rotation, in the mode its options ask (a dry-run's plan, a repair, one step
 * of a token, or the four steps), printed for the operator; a failure is one line and an exit code.
 */
final class RotationRun {
    /** @param step one step's event name, or null; @param token the rotation's version id, or null */
    record Mode(boolean dryRun, boolean repair, String step, String token) {
    }

    private RotationRun() {
    }

    static int run(OpsctlContext opsctl, RotateSecret rotation, RotationWiring.ChosenStore secrets, Mode mode) {
        String secretId = secrets.secretId();
        RotationStep running = null;
        try {
            if (mode.dryRun()) {
                RotationPlan plan = rotation.plan(secretId);
                plan.steps().forEach(s -> opsctl.out().println("would " + s));
                opsctl.err().println("[rotate] dry run: nothing changed");
                return ExitCode.OK;
            }
            if (mode.repair()) {
                Optional<StuckPendingRepair> repaired = rotation.repairStuckPending(secretId, null);
                opsctl.out().println(repaired.map(r -> "repair: " + r.name().toLowerCase()).orElse("repair: no stale PENDING"));
                return ExitCode.OK;
            }
            if (mode.step() != null) {
                if (mode.token() == null) {
                    throw new InvalidFieldException("--token", "--step needs the rotation's --token");
                }
                RotationStep one = RotationStep.fromEventName(mode.step());
                running = one;
                if (one == RotationStep.CREATE) {
                    rotation.begin(secrets.starter(rotation), secretId, mode.token());
                }
                print(opsctl, rotation.step(new RotationEvent(secretId, mode.token(), one)));
                if (one == RotationStep.FINISH) {
                    secrets.finished(mode.token());
                }
                return ExitCode.OK;
            }
            String version = mode.token() != null ? mode.token() : UUID.randomUUID().toString();
            rotation.begin(secrets.starter(rotation), secretId, version).ifPresent(r -> opsctl.out().println("repair: " + r.name().toLowerCase()));
            for (RotationStep each : RotationStep.values()) {
                running = each;
                print(opsctl, rotation.step(new RotationEvent(secretId, version, each)));
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

    private static String during(RotationStep step) {
        return step == null ? "" : " in " + step.eventName();
    }

    private static void print(OpsctlContext opsctl, StepResult r) {
        opsctl.out().println(r.event().step().eventName() + ": " + r.action()
                + (r.details().containsKey("user") ? " (user " + r.details().get("user") + ")" : ""));
    }
}
