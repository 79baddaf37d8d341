package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.ledger.RequestBucket;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param placements     per database, the account and region whose RDS API serves it (every database has one: the
 *                       function's own account and region unless ST_DATABASES names others)
 * @param memberRole     the role the suite assumes in a member account; present when a database lives in one
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
        Census census,
        Map<DatabaseId, Placement> placements,
        Optional<MemberRole> memberRole) {

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

    /** Where a database lives: the account and region whose RDS API (and request rate) serves it. */
    public record Placement(String account, String region) {
        public Placement {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
        }

        /** The budget RDS's 12 requests/s are shared in: RDS throttles per account and region. */
        public RequestBucket rdsBucket() {
            return RequestBucket.rds(account, region);
        }
    }

    /**
     * The role the suite assumes in a member account ({@code arn:aws:iam::<account>:role/<name>}), with the external
     * id the role's trust policy requires. The external id guards against a confused deputy: it is never logged or
     * printed ({@link #toString} leaves it out).
     */
    public record MemberRole(String name, String externalId) {
        private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
        private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

        public MemberRole {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidFieldException("ST_MEMBER_ROLE_NAME", "must be an IAM role name (1-64 of letters, digits and +=,.@_-), got "
                        + UntrustedText.quoted(name));
            }
            // the value is not quoted back: it is the one secret-like setting here
            if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
                throw new InvalidFieldException("ST_MEMBER_ROLE_EXTERNAL_ID",
                        "must be 2-1224 of letters, digits and +=,.@:/_- (the value is not shown)");
            }
        }

        public String arnIn(String account) {
            return "arn:aws:iam::" + account + ":role/" + name;
        }

        @Override
        public String toString() {
            return "MemberRole[name=" + name + ", externalId=(not shown)]";
        }
    }

    /** The member role's name when ST_MEMBER_ROLE_NAME is not set: infra/aws/member-account-role.yaml's default. */
    public static final String DEFAULT_MEMBER_ROLE_NAME = "silenttalk-ops-member";

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
        Map<DatabaseId, Placement> complete = new LinkedHashMap<>();
        for (DatabaseId db : databases.keySet()) {
            complete.put(db, placements.getOrDefault(db, new Placement(accountId, region)));
        }
        for (DatabaseId db : placements.keySet()) {
            if (!databases.containsKey(db)) {
                throw new InvalidFieldException("ST_DATABASES", "has no database " + UntrustedText.quoted(db) + " to place");
            }
        }
        placements = Collections.unmodifiableMap(complete);
        Objects.requireNonNull(memberRole, "memberRole");
        List<String> members = placements.values().stream().map(Placement::account).filter(a -> !a.equals(accountId))
                .distinct().toList();
        if (!members.isEmpty() && memberRole.isEmpty()) {
            throw new InvalidFieldException("ST_MEMBER_ROLE_EXTERNAL_ID", "is not set, and ST_DATABASES names databases in "
                    + String.join(", ", members) + ", which the suite reaches by assuming a role that requires an external id");
        }
        for (DatabaseId db : census.secretArns().keySet()) {
            if (!databases.containsKey(db)) {
                throw new InvalidFieldException("ST_CENSUS_SECRET_ARNS", "names " + UntrustedText.quoted(db) + ", which is not in ST_DATABASES");
            }
        }
    }

    /** Every database in the function's own account and region, no member role. */
    public AwsSettings(String accountId, String region, String drRegion, Map<DatabaseId, RdsKind> databases,
                       Optional<String> drKmsKeyId, String ledgerTable, Duration ledgerTtl, String reportBucket,
                       Set<String> allowedAccounts, BackupPolicy policy, Drill drill, Census census) {
        this(accountId, region, drRegion, databases, drKmsKeyId, ledgerTable, ledgerTtl, reportBucket, allowedAccounts, policy,
                drill, census, Map.of(), Optional.empty());
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
        String region = settings.required("AWS_REGION");
        List<Target> targets = parseTargets(settings.required("ST_DATABASES"), settings.required("ST_DR_REGION"));
        Map<DatabaseId, RdsKind> databases = new LinkedHashMap<>();
        Map<DatabaseId, Placement> placements = new LinkedHashMap<>();
        for (Target t : targets) {
            databases.put(t.database(), t.kind());
            placements.put(t.database(), new Placement(t.account().orElse(account), t.region().orElse(region)));
        }
        Optional<MemberRole> memberRole = settings.optional("ST_MEMBER_ROLE_EXTERNAL_ID")
                .map(id -> new MemberRole(settings.orDefault("ST_MEMBER_ROLE_NAME", DEFAULT_MEMBER_ROLE_NAME), id));
        return new AwsSettings(account, region, settings.required("ST_DR_REGION"),
                databases,
                settings.optional("ST_DR_KMS_KEY_ID"),
                settings.required("ST_LEDGER_TABLE"),
                Duration.ofDays(settings.positiveInt("ST_LEDGER_TTL_DAYS", 400)),
                settings.required("ST_REPORT_BUCKET"),
                Set.copyOf(splitList(allowed)), policy, drill, census, placements, memberRole);
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

    /** One item of ST_DATABASES: the database, its kind, and where it lives when not in the function's own account and region. */
    record Target(DatabaseId database, RdsKind kind, Optional<String> account, Optional<String> region) {
    }

    /** {@code "orders:instance, chat:cluster"}; a bare name is an instance. */
    static Map<DatabaseId, RdsKind> parseDatabases(String text) {
        Map<DatabaseId, RdsKind> out = new LinkedHashMap<>();
        parseTargets(text, "").forEach(t -> out.put(t.database(), t.kind()));
        return out;
    }

    /**
     * {@code "orders:instance, chat:cluster@210987654321, billing@210987654321/eu-central-1"}: each item is
     * {@code name[:kind][@account[/region]]}; without {@code @} the database is in the function's own account and
     * region, as before. A database identifier names one database across all accounts (snapshot names and manifests
     * are keyed by it), so a name given twice is refused.
     */
    static List<Target> parseTargets(String text, String drRegion) {
        List<Target> out = new ArrayList<>();
        Map<DatabaseId, Integer> seen = new LinkedHashMap<>();
        List<String> items = splitList(text);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            String field = "ST_DATABASES[" + i + "]";
            int at = item.indexOf('@');
            String named = at < 0 ? item : item.substring(0, at);
            String[] parts = named.split(":", 2);
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
            Optional<String> account = Optional.empty();
            Optional<String> region = Optional.empty();
            if (at >= 0) {
                String[] place = item.substring(at + 1).split("/", 2);
                account = Optional.of(place[0].trim());
                if (!ACCOUNT.matcher(account.get()).matches()) {
                    throw new InvalidFieldException(field + ".account", UntrustedText.quoted(account.get())
                            + " is not a 12-digit AWS account id (write name[:kind]@account[/region])");
                }
                if (place.length == 2) {
                    region = Optional.of(place[1].trim());
                    if (!REGION.matcher(region.get()).matches()) {
                        throw new InvalidFieldException(field + ".region", UntrustedText.quoted(region.get())
                                + " is not an AWS region such as eu-west-1");
                    }
                    if (region.get().equals(drRegion)) {
                        throw new InvalidFieldException(field + ".region", UntrustedText.quoted(region.get())
                                + " is ST_DR_REGION: the database's copies would stay in its own region");
                    }
                }
            }
            Integer before = seen.putIfAbsent(id, i);
            if (before != null) {
                throw new InvalidFieldException(field, UntrustedText.quoted(id) + " is also ST_DATABASES[" + before
                        + "]: snapshots are named by the database identifier, so it must be unique across accounts and regions");
            }
            out.add(new Target(id, kind, account, region));
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

    /** Where the database lives (the function's own account and region unless ST_DATABASES names others). */
    public Placement placementOf(DatabaseId database) {
        kindOf(database);
        return placements.get(database);
    }

    /** Whether the database lives in another account than the suite's: reaching it takes the member role. */
    public boolean inMemberAccount(DatabaseId database) {
        return !placementOf(database).account().equals(accountId);
    }

    /**
     * The same settings with only the databases in the function's own account and region (SnapStart priming, which
     * calls nothing and so assumes no role); when there are none, the first database, placed here.
     */
    public AwsSettings primaryPlacementOnly() {
        Map<DatabaseId, RdsKind> here = new LinkedHashMap<>();
        databases.forEach((db, kind) -> {
            if (placements.get(db).equals(new Placement(accountId, region))) {
                here.put(db, kind);
            }
        });
        if (here.isEmpty()) {
            Map.Entry<DatabaseId, RdsKind> first = databases.entrySet().iterator().next();
            here.put(first.getKey(), first.getValue());
        }
        Map<DatabaseId, String> secrets = new LinkedHashMap<>(census.secretArns());
        secrets.keySet().retainAll(here.keySet());
        return new AwsSettings(accountId, region, drRegion, here, drKmsKeyId, ledgerTable, ledgerTtl, reportBucket, allowedAccounts,
                policy, drill, new Census(secrets, census.tolerance()), Map.of(), memberRole);
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
