package com.silenttalk.automation.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.silenttalk.automation.architecture.ModuleRules;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The module rules of ARCHITECTURE.md (architecture.ModuleRules, in shared's test-jar) over this module's main classes. */
class ArchitectureTest {
    private static final String ROOT = "com.silenttalk.automation.local";
    /** The capabilities whose commands leave all construction to their wiring. */
    private static final List<String> WIRED = List.of("rotation", "failover", "scaling", "alerting");
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
     * The root package is opsctl's shell (the context, exit codes, files, JSON, disk space), below every capability;
     * cli.Opsctl, which registers the commands, is the one class above them. Capability wirings live with their capability.
     */
    @Test
    void shell_whenCompiled_dependsOnNoCapabilityPackage() {
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".backup..", ROOT + ".drill..", ROOT + ".rotation..",
                        ROOT + ".failover..", ROOT + ".scaling..", ROOT + ".alerting..", ROOT + ".ledger..", ROOT + ".status..",
                        ROOT + ".invoke..", ROOT + ".cli..")
                .because("a wiring in the shell that builds a capability's adapters, used by that capability, is a package cycle")
                .check(classes);
    }

    /**
     * opsctl's commands parse options, call the use case and print; the capability's wiring builds the use case and
     * its adapters. Backup and drill commands still build their use cases in the command (#16: not yet moved).
     */
    @Test
    void commands_whenCompiled_constructNoCollaboratorOfTheirUseCase() {
        Set<String> declaringCommands = classes.stream().filter(c -> c.isAnnotatedWith(Command.class))
                .map(c -> c.getName().split("\\$")[0]).collect(Collectors.toSet());
        DescribedPredicate<JavaClass> commands = DescribedPredicate.describe("declare opsctl commands of " + WIRED,
                c -> declaringCommands.contains(c.getName()) && WIRED.stream().anyMatch(p -> c.getPackageName().equals(ROOT + "." + p)));
        DescribedPredicate<JavaClass> optionMixins = DescribedPredicate.describe("picocli option mixins",
                c -> c.getFields().stream().anyMatch(f -> f.isAnnotatedWith(Option.class)) && !c.isAnnotatedWith(Command.class));
        ModuleRules.entryPointsConstructNoCollaborators(commands, optionMixins).allowEmptyShould(false).check(classes);
    }

    @Test
    void module_whenCompiled_dependsOnNoModuleAboveIt() {
        ModuleRules.dependsOnlyOn(ROOT, "com.silenttalk.automation.core", "com.silenttalk.automation.postgres",
                "com.silenttalk.automation.alerting.channels", "com.silenttalk.automation.redis", "com.silenttalk.automation.aws",
                "com.silenttalk.automation.azure")
                .allowEmptyShould(false).check(classes);
    }

    @Test
    void module_whenPackaged_hasNoJunkDrawerPackages() {
        ModuleRules.noJunkDrawerPackages(ROOT).allowEmptyShould(false).check(classes);
    }
}
