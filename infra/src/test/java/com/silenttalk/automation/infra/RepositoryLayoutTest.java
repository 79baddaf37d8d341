package com.silenttalk.automation.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryLayoutTest {

    @Test
    void cloudFormationSpecification_whenNodeModulesMissing_failsNamingTheInstallScript(@TempDir Path emptyRoot) {
        assertThatThrownBy(() -> RepositoryLayout.cloudFormationSpecification(emptyRoot))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("scripts/install-test-deps.sh");
    }

    @Test
    void repoRoot_whenRunFromTheBuild_holdsTheInfraModule() {
        assertThat(RepositoryLayout.repoRoot().resolve("infra/pom.xml")).exists();
        assertThat(Files.isDirectory(RepositoryLayout.armSchemas())).isTrue();
    }
}
