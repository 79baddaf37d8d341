package com.silenttalk.automation.alerting.channels;

import com.silenttalk.automation.architecture.ModuleRules;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md (architecture.ModuleRules, in shared's test-jar) over this module's main classes,
 * and its own layout: {@code inbound} reads what arrives (alarm events, the rules file, deployment markers),
 * {@code outbound} delivers (the sinks and their transport), the root package holds the formats both use.
 */
class ArchitectureTest {
    private static final String ROOT = "com.silenttalk.automation.alerting.channels";
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

    @Test
    void packages_whenCompiled_formNoCycle() {
        ModuleRules.noPackageCycles(ROOT).allowEmptyShould(false).check(classes);
    }

    @Test
    void outbound_whenCompiled_importsNothingInbound() {
        noClasses().that().resideInAPackage(ROOT + ".outbound..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".inbound..")
                .because("a sink delivers an alert whatever event or rules file it came from")
                .allowEmptyShould(false).check(classes);
    }

    @Test
    void rootPackage_whenCompiled_dependsOnNeitherDirection() {
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".inbound..", ROOT + ".outbound..")
                .because("the shared formats (CoreRecordJson, AlertJson, StrictYaml, TerminalSafeEscapes) sit below both")
                .allowEmptyShould(false).check(classes);
    }
}
