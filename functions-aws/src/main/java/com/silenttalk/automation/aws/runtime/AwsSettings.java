package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A function's configuration, read once from the environment variables template.yaml sets.
 * Holds identifiers only: the drill's database password stays in Secrets Manager and only
 * its ARN is here.
 *
 * @param databases      the RDS instances and Aurora clusters the suite looks after
 * @param drKmsKeyId     the KMS key in {@code drRegion} that encrypts cross-region copies; empty = not configured
 * @param allowedAccounts accounts whose events are accepted
 */
public record AwsSettings(
        String accountId,
        String region,
        String drRegion,
        Map<DatabaseId, RdsKind> databases,
        Optional<String> drKmsKeyId,
        String ledgerTable,
        Duration ledgerTtl,
        String reportBucket,
        Set<String> allowedAccounts,
        BackupPolicy policy,
        Drill drill) {

    /** Whether an identifier names a DB instance or an Aurora cluster: their APIs differ. */
    public enum RdsKind { INSTANCE, CLUSTER }

    /** Where restore drills run: an isolated subnet group and security group in the DR region. */
    public record Drill(String subnetGroup, List<String> securityGroupIds, String instanceClass, String databaseName,
                        String masterSecretArn) {
        public Drill {
            securityGroupIds = List.copyOf(securityGroupIds);
        }
    }

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public AwsSettings {
        requireAccount("ST_ACCOUNT_ID", accountId);
        requireRegion("AWS_REGION", region);
        requireRegion("ST_DR_REGION", drRegion);
        if (region.equals(drRegion)) {
            throw new InvalidFieldException("ST_DR_REGION", "must differ from the function's region " + region);
        }
        databases = Map.copyOf(databases);
        Objects.requireNonNull(drKmsKeyId, "drKmsKeyId");
        Objects.requireNonNull(ledgerTable, "ledgerTable");
        Objects.requireNonNull(ledgerTtl, "ledgerTtl");
        Objects.requireNonNull(reportBucket, "reportBucket");
        allowedAccounts = Set.copyOf(allowedAccounts);
        for (String a : allowedAccounts) {
            requireAccount("ST_ALLOWED_ACCOUNTS", a);
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(drill, "drill");
    }

    public static AwsSettings fromEnvironment(Map<String, String> env) {
        String account = required(env, "ST_ACCOUNT_ID");
        String allowed = env.getOrDefault("ST_ALLOWED_ACCOUNTS", account);
        Duration interval = Duration.ofHours(positiveInt(env, "ST_SNAPSHOT_INTERVAL_HOURS", 6));
        Duration retention = Duration.ofDays(positiveInt(env, "ST_RETENTION_DAYS", 30));
        BackupPolicy policy = new BackupPolicy(interval, retention, positiveInt(env, "ST_MIN_VERIFIED_KEPT", 1),
                List.of(required(env, "ST_DR_REGION")));
        Drill drill = new Drill(env.getOrDefault("ST_DRILL_SUBNET_GROUP", ""),
                splitList(env.getOrDefault("ST_DRILL_SECURITY_GROUP_IDS", "")),
                env.getOrDefault("ST_DRILL_INSTANCE_CLASS", "db.t4g.medium"),
                env.getOrDefault("ST_DRILL_DATABASE_NAME", "postgres"),
                env.getOrDefault("ST_DRILL_SECRET_ARN", ""));
        return new AwsSettings(account, required(env, "AWS_REGION"), required(env, "ST_DR_REGION"),
                parseDatabases(required(env, "ST_DATABASES")),
                Optional.ofNullable(env.get("ST_DR_KMS_KEY_ID")).filter(s -> !s.isBlank()),
                required(env, "ST_LEDGER_TABLE"),
                Duration.ofDays(positiveInt(env, "ST_LEDGER_TTL_DAYS", 400)),
                required(env, "ST_REPORT_BUCKET"),
                Set.copyOf(splitList(allowed)), policy, drill);
    }

    /** {@code "orders:instance, chat:cluster"}; a bare name is an instance. */
    static Map<DatabaseId, RdsKind> parseDatabases(String text) {
        Map<DatabaseId, RdsKind> out = new LinkedHashMap<>();
        for (String item : splitList(text)) {
            String[] parts = item.split(":", 2);
            DatabaseId id;
            try {
                id = new DatabaseId(parts[0].trim());
            } catch (InvalidFieldException e) {
                throw e.under("ST_DATABASES");
            }
            RdsKind kind = RdsKind.INSTANCE;
            if (parts.length == 2) {
                kind = switch (parts[1].trim()) {
                    case "instance" -> RdsKind.INSTANCE;
                    case "cluster" -> RdsKind.CLUSTER;
                    default -> throw new InvalidFieldException("ST_DATABASES",
                            "kind of '" + parts[0] + "' must be instance or cluster, got '" + parts[1] + "'");
                };
            }
            out.put(id, kind);
        }
        if (out.isEmpty()) {
            throw new InvalidFieldException("ST_DATABASES", "names no database");
        }
        return out;
    }

    /** The destination-region key, or a clear failure naming the missing setting. */
    public String requireDrKmsKey() {
        return drKmsKeyId.orElseThrow(() -> new InvalidFieldException("ST_DR_KMS_KEY_ID",
                "no KMS key configured for encrypted copies into " + drRegion
                        + " (the default aws/rds key cannot be used across regions)"));
    }

    public RdsKind kindOf(DatabaseId database) {
        RdsKind kind = databases.get(database);
        if (kind == null) {
            throw new InvalidFieldException("database", "'" + database + "' is not configured in ST_DATABASES");
        }
        return kind;
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(name, "is not set");
        }
        return value.trim();
    }

    private static int positiveInt(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new InvalidFieldException(name, "must be a positive whole number, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, "must be a positive whole number, got '" + value + "'");
        }
    }

    private static void requireAccount(String field, String value) {
        if (value == null || !ACCOUNT.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be a 12-digit AWS account id, got '" + value + "'");
        }
    }

    private static void requireRegion(String field, String value) {
        if (value == null || !REGION.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be an AWS region such as eu-west-1, got '" + value + "'");
        }
    }
}
