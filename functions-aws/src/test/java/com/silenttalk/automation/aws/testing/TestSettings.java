package com.silenttalk.automation.aws.testing;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configuration the event fixtures were written for: account 123456789012, eu-west-1 → eu-central-1. */
public final class TestSettings {
    public static final String KMS_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
    public static final AwsSettings.Drill DRILL = new AwsSettings.Drill("st-drill-isolated", List.of("sg-0drill0000000001"),
            "db.t4g.medium", "silenttalk", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-master-AbCdEf");

    private TestSettings() {
    }

    public static AwsSettings settings() {
        Map<DatabaseId, RdsKind> dbs = new LinkedHashMap<>();
        dbs.put(new DatabaseId("orders"), RdsKind.INSTANCE);
        dbs.put(new DatabaseId("chat"), RdsKind.CLUSTER);
        return new AwsSettings(TestAws.ACCOUNT, TestAws.PRIMARY, TestAws.DR, dbs, Optional.of(KMS_KEY), "st-ledger",
                Duration.ofDays(400), "st-reports", Set.of(TestAws.ACCOUNT),
                new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), 1, List.of(TestAws.DR)), DRILL,
                new AwsSettings.Census(Map.of(), AwsSettings.DEFAULT_COUNT_TOLERANCE));
    }

    /** {@link #settings()} with a census: each database's census secret, and the drift a drill tolerates. */
    public static AwsSettings withCensus(Map<DatabaseId, String> secretArns, com.silenttalk.automation.core.backup.CountTolerance tolerance) {
        AwsSettings base = settings();
        return new AwsSettings(base.accountId(), base.region(), base.drRegion(), base.databases(), base.drKmsKeyId(),
                base.ledgerTable(), base.ledgerTtl(), base.reportBucket(), base.allowedAccounts(), base.policy(), base.drill(),
                new AwsSettings.Census(secretArns, tolerance));
    }

    /** The environment template.yaml gives the functions (for opsctl invoke and AwsSettings.fromEnvironment). */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", TestAws.PRIMARY);
        env.put("ST_ACCOUNT_ID", TestAws.ACCOUNT);
        env.put("ST_DR_REGION", TestAws.DR);
        env.put("ST_DATABASES", "orders:instance,chat:cluster");
        env.put("ST_DR_KMS_KEY_ID", KMS_KEY);
        env.put("ST_LEDGER_TABLE", "st-ledger");
        env.put("ST_REPORT_BUCKET", "st-reports");
        return env;
    }
}
