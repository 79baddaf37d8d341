package com.silenttalk.automation.infra.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.infra.RepositoryLayout;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped CloudFormation templates against the resource specification. */
class PlatformTemplatesSpecTest {

    private final CloudFormationSpecChecker checker = CloudFormationSpecChecker.fromInstalledSpecification();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform.yaml", "edge-waf.yaml", "dr-region.yaml"})
    void check_whenShippedTemplate_reportsNoProblems(String template) {
        Path file = RepositoryLayout.infraDir().resolve("aws").resolve(template);

        assertThat(checker.check(file)).isEmpty();
    }
}
