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
}
