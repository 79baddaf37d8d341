package com.silenttalk.automation.infra.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.infra.RepositoryLayout;
import org.junit.jupiter.api.Test;

/** The shipped ARM template against the official schemas, loaded strictly. */
class PlatformArmTemplateTest {

    @Test
    void validate_whenShippedPlatformTemplate_reportsNoProblems() {
        ArmTemplateValidator validator = ArmTemplateValidator.fromSharedSchemas();

        assertThat(validator.validate(RepositoryLayout.infraDir().resolve("azure/platform.json"))).isEmpty();
    }
}
