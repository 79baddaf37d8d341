package com.silenttalk.automation.redis;

import com.silenttalk.automation.architecture.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md (architecture.ModuleRules, in shared's test-jar) over this module's main classes. */
class ArchitectureTest {
    private static final String ROOT = "com.silenttalk.automation.redis";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ModuleRules.mainClasses(ROOT);
    }

    @Test
    void module_whenCompiled_dependsOnNoModuleAboveIt() {
        ModuleRules.dependsOnlyOn(ROOT, "com.silenttalk.automation.core").allowEmptyShould(false).check(classes);
    }

    @Test
    void module_whenPackaged_hasNoJunkDrawerPackages() {
        ModuleRules.noJunkDrawerPackages(ROOT).allowEmptyShould(false).check(classes);
    }
}
