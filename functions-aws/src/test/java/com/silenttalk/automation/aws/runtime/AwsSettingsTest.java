package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
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
}
