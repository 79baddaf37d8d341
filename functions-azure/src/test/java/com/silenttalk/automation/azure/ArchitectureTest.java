package com.silenttalk.automation.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.architecture.EntryPointSize;
import com.silenttalk.automation.architecture.ModuleRules;
import com.silenttalk.automation.azure.invoke.AzureFunctionCatalog;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of ARCHITECTURE.md (architecture.ModuleRules, in shared's test-jar) over this module's main classes. */
class ArchitectureTest {
    private static final String ROOT = "com.silenttalk.automation.azure";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = ModuleRules.mainClasses(ROOT);
    }

    @Test
    void packages_whenCompiled_formNoCycle() {
        ModuleRules.noPackageCycles(ROOT).check(classes);
    }

    /**
     * Found when the rule learned static factories and method references: issue #18's chunked dump (its own slice's
     * files this session) takes ChunkedDumps::production, a use case's own factory rather than a wiring's. Held here:
     * it may go (and leaves this set), nothing may be added.
     */
    private static final Set<String> NOT_YET_WIRED = Set.of("ChunkedDumpFunctions -> ChunkedDumps.production");

    @Test
    void functions_whenCompiled_constructNoCollaboratorOfAUseCase() {
        Set<String> found = ModuleRules.constructionSites(ModuleRules.entryPointsConstructNoCollaborators(ModuleRules.AZURE_FUNCTIONS)
                .allowEmptyShould(false), classes);

        assertThat(found).as("constructions in functions: one in NOT_YET_WIRED may go (remove it there), none may be added")
                .isEqualTo(NOT_YET_WIRED);
    }

    /** Every function opsctl invoke lists is one the construction and size rules hold (its class declares the function). */
    @Test
    void functions_whenListedInTheCatalog_areAllHeldByTheConstructionRule() {
        Set<String> held = classes.that(ModuleRules.AZURE_FUNCTIONS).stream().map(JavaClass::getName).collect(Collectors.toSet());
        Set<String> listed = AzureFunctionCatalog.FUNCTIONS.stream()
                .map(e -> e.entryPoint().substring(0, e.entryPoint().lastIndexOf('.'))).collect(Collectors.toSet());

        assertThat(held).containsAll(listed);
    }

    @Test
    void functions_whenMeasured_haveAtMostSixtyOwnLines() {
        List<Class<?>> functions = classes.that(ModuleRules.AZURE_FUNCTIONS).stream().<Class<?>>map(JavaClass::reflect).toList();
        assertThat(functions).hasSizeGreaterThanOrEqualTo(7);
        EntryPointSize.requireWithinLimit(Path.of("src/main/java"), functions);
    }

    @Test
    void runtime_whenCompiled_dependsOnNoCapabilityPackage() {
        ModuleRules.runtimeIsTheBottom(ROOT).check(classes);
    }

    @Test
    void module_whenCompiled_dependsOnNoModuleAboveIt() {
        ModuleRules.dependsOnlyOn(ROOT, "com.silenttalk.automation.core", "com.silenttalk.automation.postgres",
                "com.silenttalk.automation.alerting.channels").allowEmptyShould(false).check(classes);
    }

    @Test
    void module_whenPackaged_hasNoJunkDrawerPackages() {
        ModuleRules.noJunkDrawerPackages(ROOT).allowEmptyShould(false).check(classes);
    }
}
