package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    @Test
    void fromEnvironment_whenTemplateVariablesAreSet_readsDatabasesKindsAndDefaults() {
        AwsSettings settings = AwsSettings.fromEnvironment(TestSettings.environment());

        assertThat(settings.databases()).containsEntry(new DatabaseId("orders"), AwsSettings.RdsKind.INSTANCE)
                .containsEntry(new DatabaseId("chat"), AwsSettings.RdsKind.CLUSTER);
        assertThat(settings.allowedAccounts()).containsExactly("123456789012");
        assertThat(settings.policy().copyTargets()).containsExactly("eu-central-1");
        assertThat(settings.requireDrKmsKey()).isEqualTo(TestSettings.KMS_KEY);
    }

    @Test
    void requireDrKmsKey_whenNotConfigured_failsNamingTheVariableAndRegion() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.remove("ST_DR_KMS_KEY_ID");

        AwsSettings settings = AwsSettings.fromEnvironment(env);

        assertThatThrownBy(settings::requireDrKmsKey).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("ST_DR_KMS_KEY_ID").hasMessageContaining("eu-central-1");
    }

    @Test
    void fromEnvironment_whenDrRegionEqualsTheSourceRegion_isRejected() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DR_REGION", "eu-west-1");

        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("ST_DR_REGION");
    }

    @Test
    void fromEnvironment_whenDatabaseKindIsUnknown_namesTheVariable() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders:replica");

        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("ST_DATABASES"));
    }

    @Test
    void fromEnvironment_whenAccountIsNotTwelveDigits_isRejected() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_ACCOUNT_ID", "12345");

        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).hasMessageContaining("ST_ACCOUNT_ID");
    }

    @Test
    void fromEnvironment_whenCensusIsConfigured_readsSecretsPerDatabaseAndTheTolerance() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_CENSUS_SECRET_ARNS", "orders=arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-census-AbC=1");
        env.put("ST_COUNT_TOLERANCE_PERCENT", "2.5");
        env.put("ST_COUNT_TOLERANCE_ROWS", "0");

        AwsSettings.Census census = AwsSettings.fromEnvironment(env).census();

        assertThat(census.secretArnOf(new DatabaseId("orders")))
                .contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-census-AbC=1");
        assertThat(census.secretArnOf(new DatabaseId("chat"))).isEmpty();
        assertThat(census.tolerance()).isEqualTo(new CountTolerance(0.025, 0));
    }

    @Test
    void fromEnvironment_whenCensusIsUnset_defaultsToNoSecretsAndOnePercentOrAHundredRows() {
        AwsSettings.Census census = AwsSettings.fromEnvironment(TestSettings.environment()).census();

        assertThat(census.secretArns()).isEmpty();
        assertThat(census.tolerance()).isEqualTo(new CountTolerance(0.01, 100));
    }

    @Test
    void fromEnvironment_whenCensusSettingsAreBad_namesTheVariable() {
        for (Map.Entry<String, String> bad : Map.of(
                "ST_CENSUS_SECRET_ARNS", "orders=not-an-arn",
                "ST_COUNT_TOLERANCE_PERCENT", "150",
                "ST_COUNT_TOLERANCE_ROWS", "-1").entrySet()) {
            Map<String, String> env = new HashMap<>(TestSettings.environment());
            env.put(bad.getKey(), bad.getValue());

            assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining(bad.getKey());
        }
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_CENSUS_SECRET_ARNS", "billing=arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbC");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).hasMessageContaining("ST_CENSUS_SECRET_ARNS")
                .hasMessageContaining("not in ST_DATABASES");
    }

    @Test
    void fromEnvironment_whenTargetsNameNoAccount_placesEveryDatabaseInTheFunctionsAccountAndRegion() {
        AwsSettings settings = AwsSettings.fromEnvironment(TestSettings.environment());

        assertThat(settings.placements()).containsExactly(
                Map.entry(new DatabaseId("orders"), new AwsSettings.Placement("123456789012", "eu-west-1")),
                Map.entry(new DatabaseId("chat"), new AwsSettings.Placement("123456789012", "eu-west-1")));
        assertThat(settings.inMemberAccount(new DatabaseId("orders"))).isFalse();
        assertThat(settings.memberRole()).isEmpty();
    }

    @Test
    void fromEnvironment_whenTargetsNameAccountsAndRegions_readsEachPlacementAndTheMemberRole() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders:instance, chat:cluster@210987654321, billing@210987654321/us-east-1,"
                + " ledger:cluster@123456789012/eu-north-1");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", "st-ops-7f3a9c");

        AwsSettings settings = AwsSettings.fromEnvironment(env);

        assertThat(settings.databases()).containsExactly(Map.entry(new DatabaseId("orders"), AwsSettings.RdsKind.INSTANCE),
                Map.entry(new DatabaseId("chat"), AwsSettings.RdsKind.CLUSTER),
                Map.entry(new DatabaseId("billing"), AwsSettings.RdsKind.INSTANCE),
                Map.entry(new DatabaseId("ledger"), AwsSettings.RdsKind.CLUSTER));
        assertThat(settings.placementOf(new DatabaseId("orders"))).isEqualTo(new AwsSettings.Placement("123456789012", "eu-west-1"));
        assertThat(settings.placementOf(new DatabaseId("chat"))).isEqualTo(new AwsSettings.Placement("210987654321", "eu-west-1"));
        assertThat(settings.placementOf(new DatabaseId("billing"))).isEqualTo(new AwsSettings.Placement("210987654321", "us-east-1"));
        assertThat(settings.placementOf(new DatabaseId("ledger"))).isEqualTo(new AwsSettings.Placement("123456789012", "eu-north-1"));
        assertThat(settings.inMemberAccount(new DatabaseId("chat"))).isTrue();
        assertThat(settings.inMemberAccount(new DatabaseId("ledger"))).isFalse();
        assertThat(settings.memberRole()).hasValueSatisfying(role -> {
            assertThat(role.name()).isEqualTo(AwsSettings.DEFAULT_MEMBER_ROLE_NAME);
            assertThat(role.arnIn("210987654321")).isEqualTo("arn:aws:iam::210987654321:role/silenttalk-ops-member");
        });
        // RDS's rate is per account and region: the budget's bucket says both
        assertThat(settings.placementOf(new DatabaseId("billing")).rdsBucket().value()).isEqualTo("rds/210987654321/us-east-1");
    }

    @Test
    void fromEnvironment_whenATargetIsBad_namesTheItemAndItsPart() {
        Map<String, String> bad = Map.of(
                "orders, chat, billing, ledger@12x", "ST_DATABASES[3].account: '12x' is not a 12-digit AWS account id",
                "orders@210987654321/eu-west", "ST_DATABASES[0].region: 'eu-west' is not an AWS region such as eu-west-1",
                "orders@210987654321/eu-central-1", "ST_DATABASES[0].region: 'eu-central-1' is ST_DR_REGION",
                "orders, orders@210987654321", "ST_DATABASES[1]: 'orders' is also ST_DATABASES[0]",
                "orders@", "ST_DATABASES[0].account: '' is not a 12-digit AWS account id");
        bad.forEach((databases, line) -> {
            Map<String, String> env = new HashMap<>(TestSettings.environment());
            env.put("ST_DATABASES", databases);
            env.put("ST_MEMBER_ROLE_EXTERNAL_ID", "st-ops-7f3a9c");

            assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).as(databases).isInstanceOf(InvalidFieldException.class)
                    .hasMessageStartingWith(line);
        });
    }

    @Test
    void fromEnvironment_whenAMemberAccountHasNoExternalId_namesTheSettingAndTheAccount() {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders, chat:cluster@210987654321");

        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("ST_MEMBER_ROLE_EXTERNAL_ID: is not set").hasMessageContaining("210987654321");
    }

    @Test
    void memberRole_whenPrintedOrRefused_neverShowsTheExternalId() {
        String externalId = "st-ops-secret-7f3a9c";
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders@210987654321");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", externalId);

        AwsSettings settings = AwsSettings.fromEnvironment(env);

        assertThat(settings.toString()).doesNotContain(externalId).contains("silenttalk-ops-member");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", externalId + " with spaces");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).hasMessageStartingWith("ST_MEMBER_ROLE_EXTERNAL_ID")
                .hasMessageNotContaining(externalId);
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", externalId);
        env.put("ST_MEMBER_ROLE_NAME", "role/with/slashes");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(env)).hasMessageStartingWith("ST_MEMBER_ROLE_NAME");
    }
}
