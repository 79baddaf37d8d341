package com.silenttalk.automation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.architecture.EntryPointSize;
import com.silenttalk.automation.architecture.ModuleRules;
import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md (architecture.ModuleRules, in shared's test-jar) over this module's main classes. */
class ArchitectureTest {
    private static final String ROOT = "com.silenttalk.automation.aws";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ModuleRules.mainClasses(ROOT);
    }

    @Test
    void packages_whenCompiled_formNoCycle() {
        ModuleRules.noPackageCycles(ROOT).check(classes);
    }

    @Test
    void runtime_whenCompiled_dependsOnNoCapabilityPackage() {
        ModuleRules.runtimeIsTheBottom(ROOT).check(classes);
    }

    /** The handlers; the skeleton they are written on (aws.runtime.EventFunction) is the runtime's. */
    private static final DescribedPredicate<JavaClass> HANDLERS = ModuleRules.LAMBDA_HANDLERS.and(
            JavaClass.Predicates.resideOutsideOfPackage(ROOT + ".runtime.."));

    @Test
    void handlers_whenCompiled_constructNoCollaboratorOfTheirUseCases() {
        ModuleRules.entryPointsConstructNoCollaborators(HANDLERS).allowEmptyShould(false).check(classes);
    }

    /** The construction rule and the size rule hold the same handlers: every one template.yaml and opsctl invoke start. */
    @Test
    void handlers_whenListedInTheCatalog_areExactlyTheOnesTheConstructionRuleHolds() {
        Set<String> held = classes.that(HANDLERS).stream().map(JavaClass::getName).collect(Collectors.toSet());
        Set<String> listed = FunctionCatalog.FUNCTIONS.stream().map(e -> e.handler().getName()).collect(Collectors.toSet());

        assertThat(held).isEqualTo(listed);
    }

    @Test
    void handlers_whenMeasured_haveAtMostSixtyOwnLines() {
        EntryPointSize.requireWithinLimit(Path.of("src", "main", "java"),
                FunctionCatalog.FUNCTIONS.stream().<Class<?>>map(FunctionCatalog.Entry::handler).toList());
    }

    @Test
    void module_whenCompiled_dependsOnNoModuleAboveIt() {
        ModuleRules.dependsOnlyOn(ROOT, "com.silenttalk.automation.core", "com.silenttalk.automation.postgres",
                "com.silenttalk.automation.alerting.channels", "com.silenttalk.automation.redis").allowEmptyShould(false).check(classes);
    }

    @Test
    void module_whenPackaged_hasNoJunkDrawerPackages() {
        ModuleRules.noJunkDrawerPackages(ROOT).allowEmptyShould(false).check(classes);
    }
}
