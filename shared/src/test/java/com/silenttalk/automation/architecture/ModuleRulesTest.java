package com.silenttalk.automation.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Each rule fails on a fixture that breaks it (so a module's passing check means something). */
class ModuleRulesTest {
    private static final String FIXTURE = "com.silenttalk.automation.architecture.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void noPackageCycles_whenTwoPackagesUseEachOther_failsNamingTheCycle() {
        assertThatThrownBy(() -> ModuleRules.noPackageCycles(FIXTURE + ".cyclic").check(CLASSES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected: a -> ").hasMessageContaining("Dependencies of b");
    }

    @Test
    void noPackageCycles_whenTheRootPackageAndAPackageUnderItUseEachOther_failsNamingTheRoot() {
        assertThatThrownBy(() -> ModuleRules.noPackageCycles(FIXTURE + ".rooted").check(CLASSES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected: " + ModuleRules.ROOT_SLICE)
                .hasMessageContaining("Dependencies of backup");
    }

    @Test
    void noPackageCycles_whenDependenciesPointOneWay_passes() {
        assertThatCode(() -> ModuleRules.noPackageCycles(FIXTURE + ".layered").check(CLASSES
                .that(DescribedPredicate.not(JavaClass.Predicates.simpleName("Catalog"))))).doesNotThrowAnyException();
    }

    @Test
    void runtimeIsTheBottom_whenTheRuntimeNamesACapabilityClass_fails() {
        assertThatThrownBy(() -> ModuleRules.runtimeIsTheBottom(FIXTURE + ".layered").check(CLASSES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Catalog").hasMessageContaining("ThinFunction")
                .hasMessageNotContaining("Clients.endpoint");
    }

    @Test
    void entryPointsConstructNoCollaborators_whenAFunctionBuildsItsAdapter_namesTheConstructorCall() {
        DescribedPredicate<JavaClass> functions = JavaClass.Predicates.simpleNameEndingWith("Function");

        assertThatThrownBy(() -> ModuleRules.entryPointsConstructNoCollaborators(functions).check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("BackupFunction.run(java.lang.String)> calls constructor <" + FIXTURE + ".layered.backup.Store.<init>")
                .hasMessageNotContaining("Clients.<init>") // the runtime is the skeleton entry points are written on
                .hasMessageNotContaining("Command.<init>")
                .hasMessageNotContaining("ThinFunction.run");
    }

    @Test
    void entryPointsConstructNoCollaborators_whenAFunctionBuildsItsAdapterThroughAStaticFactory_namesTheCall() {
        DescribedPredicate<JavaClass> functions = JavaClass.Predicates.simpleName("FactoryFunction");

        assertThatThrownBy(() -> ModuleRules.entryPointsConstructNoCollaborators(functions).check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("FactoryFunction.run(java.lang.String)> calls method <" + FIXTURE
                        + ".layered.backup.Store.over(")
                .hasMessageContaining("FactoryFunction.run(java.lang.String)> references constructor <" + FIXTURE
                        + ".layered.backup.Store.<init>")
                .hasMessageNotContaining("Store.where()"); // an instance method is using the adapter, not building it
    }

    @Test
    void constructionSites_whenAFunctionBuildsThroughAFactoryAndAConstructorReference_namesEachOnce() {
        assertThat(ModuleRules.constructionSites(ModuleRules.entryPointsConstructNoCollaborators(
                JavaClass.Predicates.simpleName("FactoryFunction")), CLASSES))
                .containsExactly("FactoryFunction -> Store.<init>", "FactoryFunction -> Store.over");
    }

    @Test
    void entryPointsConstructNoCollaborators_whenAFunctionAsksItsWiringsFactories_passes() {
        assertThatCode(() -> ModuleRules.entryPointsConstructNoCollaborators(JavaClass.Predicates.simpleName("WiredFunction"))
                .check(CLASSES)).doesNotThrowAnyException();
    }

    @Test
    void entryPointsConstructNoCollaborators_whenAnEntryPointBuildsAnotherRunnersRuntime_namesTheConstructorCall() {
        DescribedPredicate<JavaClass> commands = JavaClass.Predicates.simpleNameEndingWith("Command");

        assertThatThrownBy(() -> ModuleRules.entryPointsConstructNoCollaborators(commands).check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("InvokeCommand.call()> calls constructor <" + FIXTURE + ".layered.runtime.Clients.<init>");
    }

    @Test
    void entryPointsConstructNoCollaborators_whenWhatItBuildsIsAnAllowedPart_passes() {
        DescribedPredicate<JavaClass> functions = JavaClass.Predicates.simpleNameEndingWith("Function");

        assertThatCode(() -> ModuleRules.entryPointsConstructNoCollaborators(functions, JavaClass.Predicates.simpleName("Store"))
                .check(CLASSES)).doesNotThrowAnyException();
    }

    @Test
    void dependsOnlyOn_whenAPackageReachesOneNotListedBelowIt_fails() {
        assertThatThrownBy(() -> ModuleRules.dependsOnlyOn(FIXTURE + ".layered.backup").check(CLASSES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Clients");
        assertThatCode(() -> ModuleRules.dependsOnlyOn(FIXTURE + ".layered.backup", FIXTURE + ".layered.runtime").check(CLASSES))
                .doesNotThrowAnyException();
    }
}
