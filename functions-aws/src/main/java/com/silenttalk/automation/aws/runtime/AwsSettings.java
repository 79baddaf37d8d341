package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
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
 * @param census         how the snapshot-census function measures each source database before its snapshot
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
        Drill drill,
        Census census) {

    /** Whether an identifier names a DB instance or an Aurora cluster: their APIs differ. */
    public enum RdsKind { INSTANCE, CLUSTER }

    /** Where restore drills run: an isolated subnet group and security group in the DR region. */
    public record Drill(String subnetGroup, List<String> securityGroupIds, String instanceClass, String databaseName,
                        String masterSecretArn) {
        public Drill {
            securityGroupIds = List.copyOf(securityGroupIds);
        }
    }

    /**
     * The snapshot manifests' source: per database, a Secrets Manager secret in the RDS JSON
     * shape (host, port, dbname, username, password) of a role that may write the marker and
     * read every table; and how far restored counts may drift from the counts at the marker.
     */
    public record Census(Map<DatabaseId, String> secretArns, CountTolerance tolerance) {
        public Census {
            secretArns = Map.copyOf(secretArns);
            Objects.requireNonNull(tolerance, "tolerance");
        }

        public Optional<String> secretArnOf(DatabaseId database) {
            return Optional.ofNullable(secretArns.get(database));
        }
    }

    /** 1 % or 100 rows: covers the writes of the seconds between the marker's commit and the snapshot's point. */
    public static final CountTolerance DEFAULT_COUNT_TOLERANCE = new CountTolerance(0.01, 100);

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:\\S+");

    public AwsSettings {
        requireAccount("ST_ACCOUNT_ID", accountId);
        requireRegion("AWS_REGION", region);
        requireRegion("ST_DR_REGION", drRegion);
        if (region.equals(drRegion)) {
            throw new InvalidFieldException("ST_DR_REGION", "must differ from the function's region " + region);
        }
        // in ST_DATABASES's order: "the first configured database" (the monthly drill's) is the first written
        databases.forEach((db, kind) -> Objects.requireNonNull(kind, "databases: kind of " + db));
        databases = Collections.unmodifiableMap(new LinkedHashMap<>(databases));
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
        Objects.requireNonNull(census, "census");
        for (DatabaseId db : census.secretArns().keySet()) {
            if (!databases.containsKey(db)) {
                throw new InvalidFieldException("ST_CENSUS_SECRET_ARNS", "names " + UntrustedText.quoted(db) + ", which is not in ST_DATABASES");
            }
        }
    }

    public static AwsSettings fromEnvironment(Map<String, String> env) {
        SettingsReader settings = new SettingsReader(env);
        String account = settings.required("ST_ACCOUNT_ID");
        String allowed = settings.orDefault("ST_ALLOWED_ACCOUNTS", account);
        Duration interval = Duration.ofHours(settings.positiveInt("ST_SNAPSHOT_INTERVAL_HOURS", 6));
        Duration retention = Duration.ofDays(settings.positiveInt("ST_RETENTION_DAYS", 30));
        BackupPolicy policy = new BackupPolicy(interval, retention, settings.positiveInt("ST_MIN_VERIFIED_KEPT", 1),
                List.of(settings.required("ST_DR_REGION")));
        Drill drill = new Drill(settings.orDefault("ST_DRILL_SUBNET_GROUP", ""),
                splitList(settings.orDefault("ST_DRILL_SECURITY_GROUP_IDS", "")),
                settings.orDefault("ST_DRILL_INSTANCE_CLASS", "db.t4g.medium"),
                settings.orDefault("ST_DRILL_DATABASE_NAME", "postgres"),
                settings.orDefault("ST_DRILL_SECRET_ARN", ""));
        CountTolerance tolerance = new CountTolerance(
                settings.percentAsFraction("ST_COUNT_TOLERANCE_PERCENT", DEFAULT_COUNT_TOLERANCE.fraction()),
                settings.nonNegativeLong("ST_COUNT_TOLERANCE_ROWS", DEFAULT_COUNT_TOLERANCE.rows(), "rows"));
        Census census = new Census(parseSecretArns(settings.orDefault("ST_CENSUS_SECRET_ARNS", "")), tolerance);
        return new AwsSettings(account, settings.required("AWS_REGION"), settings.required("ST_DR_REGION"),
                parseDatabases(settings.required("ST_DATABASES")),
                settings.optional("ST_DR_KMS_KEY_ID"),
                settings.required("ST_LEDGER_TABLE"),
                Duration.ofDays(settings.positiveInt("ST_LEDGER_TTL_DAYS", 400)),
                settings.required("ST_REPORT_BUCKET"),
                Set.copyOf(splitList(allowed)), policy, drill, census);
    }

    /** {@code "orders=arn:aws:secretsmanager:..., chat=arn:..."}. */
    static Map<DatabaseId, String> parseSecretArns(String text) {
        Map<DatabaseId, String> out = new LinkedHashMap<>();
        for (String item : splitList(text)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new InvalidFieldException("ST_CENSUS_SECRET_ARNS", UntrustedText.quoted(item) + " must be database=secret-arn");
            }
            String arn = item.substring(eq + 1).trim();
            if (!SECRET_ARN.matcher(arn).matches()) {
                throw new InvalidFieldException("ST_CENSUS_SECRET_ARNS", UntrustedText.quoted(arn) + " is not a Secrets Manager secret ARN");
            }
            try {
                out.put(new DatabaseId(item.substring(0, eq).trim()), arn);
            } catch (InvalidFieldException e) {
                throw e.under("ST_CENSUS_SECRET_ARNS");
            }
        }
        return out;
    }

    /** The region of an ARN ({@code arn:aws:secretsmanager:REGION:...}), or a clear failure naming the setting. */
    public static String regionOf(String field, String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length < 6 || parts[3].isBlank()) {
            throw new InvalidFieldException(field, UntrustedText.quoted(arn) + " is not an ARN with a region");
        }
        return parts[3];
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
            throw new InvalidFieldException("database", UntrustedText.quoted(database) + " is not configured in ST_DATABASES");
        }
        return kind;
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireAccount(String field, String value) {
        if (value == null || !ACCOUNT.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be a 12-digit AWS account id, got " + UntrustedText.quoted(value));
        }
    }

    private static void requireRegion(String field, String value) {
        if (value == null || !REGION.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be an AWS region such as eu-west-1, got " + UntrustedText.quoted(value));
        }
    }
}
