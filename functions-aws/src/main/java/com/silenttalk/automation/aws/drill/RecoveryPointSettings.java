package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.CopyKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which copy the drill restores, and where the AWS Backup recovery points are: the DR region's (locked) vault and the
 * role AWS Backup assumes to restore one. Read from the variables template.yaml sets; identifiers only.
 *
 * @param defaultCopy what a start that names no copy drills (ST_DRILL_COPY: snapshot | recovery-point)
 * @param vault       ST_DR_BACKUP_VAULT; empty when recovery points are not drilled
 * @param restoreRole ST_DRILL_RESTORE_ROLE_ARN; empty when recovery points are not drilled
 */
public record RecoveryPointSettings(CopyKind defaultCopy, Optional<String> vault, Optional<String> restoreRole) {
    private static final Pattern VAULT = Pattern.compile("[a-zA-Z0-9\\-_]{2,50}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/\\S+");

    public RecoveryPointSettings {
        vault.ifPresent(v -> {
            if (!VAULT.matcher(v).matches()) {
                throw new InvalidFieldException("ST_DR_BACKUP_VAULT", UntrustedText.quoted(v) + " is not a backup vault name");
            }
        });
        restoreRole.ifPresent(r -> {
            if (!ROLE_ARN.matcher(r).matches()) {
                throw new InvalidFieldException("ST_DRILL_RESTORE_ROLE_ARN", "must be an IAM role ARN");
            }
        });
        if (defaultCopy == CopyKind.VAULT_RECOVERY_POINT) {
            requireConfiguredIn(vault, restoreRole, "ST_DRILL_COPY is recovery-point");
        }
    }

    public static final RecoveryPointSettings NONE = new RecoveryPointSettings(CopyKind.SUITE_SNAPSHOT, Optional.empty(),
            Optional.empty());

    public static RecoveryPointSettings fromEnvironment(Map<String, String> env) {
        return new RecoveryPointSettings(copy("ST_DRILL_COPY", env.getOrDefault("ST_DRILL_COPY", "snapshot")),
                Optional.ofNullable(env.get("ST_DR_BACKUP_VAULT")).filter(s -> !s.isBlank()),
                Optional.ofNullable(env.get("ST_DRILL_RESTORE_ROLE_ARN")).filter(s -> !s.isBlank()));
    }

    /** "snapshot" or "recovery-point", as starts and ST_DRILL_COPY name them. */
    public static CopyKind copy(String field, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "snapshot" -> CopyKind.SUITE_SNAPSHOT;
            case "recovery-point" -> CopyKind.VAULT_RECOVERY_POINT;
            default -> throw new InvalidFieldException(field, "must be snapshot or recovery-point, got " + UntrustedText.quoted(text));
        };
    }

    /** Throws naming the missing variable when a recovery point drill is asked for without its vault or role. */
    public void requireConfigured() {
        requireConfiguredIn(vault, restoreRole, "a recovery point drill was asked for");
    }

    private static void requireConfiguredIn(Optional<String> vault, Optional<String> role, String why) {
        if (vault.isEmpty()) {
            throw new InvalidFieldException("ST_DR_BACKUP_VAULT", "is not set, but " + why);
        }
        if (role.isEmpty()) {
            throw new InvalidFieldException("ST_DRILL_RESTORE_ROLE_ARN", "is not set, but " + why);
        }
    }
}
