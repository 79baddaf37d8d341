package com.silenttalk.automation.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of ../shared/ARCHITECTURE.md, made executable: the core knows no cloud
 * SDK, function runtime, JDBC, CLI or JSON library, and never reads the global clock.
 */
class ArchitectureTest {
    private static final String CORE = "com.silenttalk.automation.core..";
    private static JavaClasses core;

    @BeforeAll
    static void importMainClasses() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("com.silenttalk.automation.core");
    }

    @Test
    void core_whenImported_hasClasses() {
        // guards the rules below against passing vacuously on an empty import
        assertThat(core.contain("com.silenttalk.automation.core.backup.RetentionPlanner")).isTrue();
        assertThat(core.contain("com.silenttalk.automation.core.ledger.InMemoryRunLedger")).isFalse();
    }

    @Test
    void core_whenCompiled_dependsOnNoCloudSdkJdbcCliOrJson() {
        ArchRule rule = noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.azure..", "com.microsoft..",
                        "java.sql..", "javax.sql..", "org.postgresql..", "picocli..",
                        "com.fasterxml.jackson..", "redis..")
                .because("the core is cloud-neutral; adapters live in functions-aws, functions-azure and local");
        rule.check(core);
    }

    @Test
    void core_whenCompiled_neverReadsTheGlobalClock() {
        ArchRule rule = noClasses().that().resideInAPackage(CORE)
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .because("a java.time.Clock is passed in, never read globally");
        rule.check(core);
    }

    @Test
    void core_whenCompiled_namesNoCloudsEventFormat() {
        // The clouds' alarm payloads are read in alert-channels (alerting.channels.aws/.azure), next to their sinks.
        ArchRule rule = noClasses().that().resideInAPackage(CORE)
                .should().haveSimpleNameContaining("CloudWatch")
                .orShould().haveSimpleNameContaining("Azure")
                .orShould().haveSimpleNameContaining("Sns")
                .orShould().haveSimpleNameContaining("EventBridge")
                .orShould().haveSimpleNameContaining("KeyVault")
                .orShould().haveSimpleNameContaining("SecretsManager")
                .because("the core speaks no cloud: a cloud's event format is parsed by the module that reads it");
        rule.check(core);
    }

    @Test
    void core_whenCompiled_quotesNoCloudsStageLabel() {
        ArchRule rule = noClasses().that().resideInAPackage(CORE).should(QUOTE_A_CLOUDS_STAGE_LABEL)
                .because("the core's stages are CURRENT, PENDING, PREVIOUS; Secrets Manager's labels are written at its store");
        rule.check(core);
    }

    @Test
    void quoteACloudsStageLabel_whenAClassHoldsTheLabelAsAConstant_isViolated() {
        JavaClasses quoting = new ClassFileImporter().importClasses(QuotesSecretsManagersLabel.class,
                com.silenttalk.automation.core.rotation.Stage.class);
        EvaluationResult result = noClasses().should(QUOTE_A_CLOUDS_STAGE_LABEL).evaluate(quoting);

        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains(QuotesSecretsManagersLabel.class.getName()).contains("AWSPENDING");
    }

    /** A class whose compiled form holds Secrets Manager's staging label among its string constants (ldc). */
    private static final ArchCondition<JavaClass> QUOTE_A_CLOUDS_STAGE_LABEL = new ArchCondition<>("quote a cloud's stage label") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            byte[] compiled;
            try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
                compiled = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the class file of " + c.getName(), e);
            }
            String constants = new String(compiled, StandardCharsets.ISO_8859_1);
            for (String label : List.of("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS")) {
                if (constants.contains(label)) {
                    events.add(SimpleConditionEvent.satisfied(c, c.getName() + " holds the string " + label));
                }
            }
        }
    };

    private static final class QuotesSecretsManagersLabel {
        static final String PENDING = "AWS" + "PENDING";
    }

    @Test
    void core_whenPackaged_hasNoJunkDrawerPackages() {
        ArchRule rule = noClasses().that().resideInAPackage(CORE)
                .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..", "..misc..")
                .because("a piece that serves several capabilities gets a name that says what it is");
        rule.check(core);
    }
}
