package com.silenttalk.automation.infra.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.infra.RepositoryLayout;
import com.silenttalk.automation.local.cli.Opsctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the runbooks true: every aws/az/opsctl command, stack name, resource name and parameter
 * name they quote must exist in the templates or in opsctl's command list.
 */
class RunbookCommandsTest {

    private static RunbookChecker checker;

    @BeforeAll
    static void load() throws IOException {
        checker = new RunbookChecker(RepositoryLayout.repoRoot(), new Opsctl().everyCommand());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DEPLOYMENT_RUNBOOK.md", "DISASTER_RECOVERY.md", "LIVE_ENVIRONMENT_CHECKLIST.md"})
    void runbook_whenChecked_quotesOnlyCommandsAndNamesThatExist(String document) throws IOException {
        Path file = RepositoryLayout.infraDir().resolve(document);

        RunbookChecker.Result result = checker.check(document, Files.readString(file));

        assertThat(result.problems()).isEmpty();
        assertThat(result.commandsChecked()).as("commands found in " + document).isGreaterThan(5);
    }

    @Test
    void runbooks_whenChecked_coverBothCloudsAndTheSuiteCommands() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String document : List.of("DEPLOYMENT_RUNBOOK.md", "DISASTER_RECOVERY.md", "LIVE_ENVIRONMENT_CHECKLIST.md")) {
            all.append(Files.readString(RepositoryLayout.infraDir().resolve(document)));
        }

        assertThat(all.toString()).contains("aws cloudformation deploy", "az deployment group create", "opsctl drill",
                "opsctl failover", "aws stepfunctions start-execution", "RTO 30 minutes for the database",
                "15 minutes for the app tiers", "RPO 6 hours");
    }

    @Test
    void check_whenOpsctlSubcommandUnknown_reportsIt() {
        assertThat(checker.check("doc.md", "```sh\nopsctl teleport --now\n```\n").problems())
                .containsExactly("doc.md: `opsctl teleport --now`: opsctl has no subcommand teleport");
    }

    @Test
    void check_whenOpsctlOptionUnknown_reportsIt() {
        assertThat(checker.check("doc.md", "Run `opsctl prune --everything`.\n").problems())
                .containsExactly("doc.md: `opsctl prune --everything`: opsctl prune has no option --everything");
    }

    @Test
    void check_whenParameterOverrideNotDeclared_reportsIt() {
        String doc = "```sh\naws cloudformation deploy --stack-name silenttalk-production-dr \\\n"
                + "  --template-file infra/aws/dr-region.yaml --parameter-overrides EnvironmentName=production VaultSize=9\n```\n";

        assertThat(checker.check("doc.md", doc).problems()).singleElement().asString()
                .endsWith("infra/aws/dr-region.yaml declares no parameter VaultSize");
    }

    @Test
    void check_whenRequiredParameterMissingFromDeploy_reportsIt() {
        String doc = "```sh\naws cloudformation deploy --stack-name silenttalk-production-dr --template-file infra/aws/dr-region.yaml\n```\n";

        assertThat(checker.check("doc.md", doc).problems()).singleElement().asString()
                .endsWith("infra/aws/dr-region.yaml needs parameter EnvironmentName (no default)");
    }

    @Test
    void check_whenStackNameUnknown_reportsIt() {
        String doc = "```sh\naws cloudformation describe-stacks --stack-name silenttalk-production-network\n```\n";

        assertThat(checker.check("doc.md", doc).problems()).singleElement().asString()
                .endsWith("no template declares stack silenttalk-production-network");
    }

    @Test
    void check_whenResourceNameUnknown_reportsIt() {
        String doc = "```sh\naws rds describe-db-instances --db-instance-identifier silenttalk-production-database\n```\n";

        assertThat(checker.check("doc.md", doc).problems()).singleElement().asString()
                .endsWith("no template names a resource silenttalk-production-database");
    }

    @Test
    void check_whenAzureParameterUnknown_reportsIt() {
        String doc = "```sh\naz deployment group what-if --resource-group rg --template-file infra/azure/platform.json "
                + "--parameters environmentName=production regionCount=2\n```\n";

        assertThat(checker.check("doc.md", doc).problems()).singleElement().asString()
                .endsWith("infra/azure/platform.json declares no parameter regionCount");
    }

    @Test
    void check_whenServiceHasNoResourceInTemplates_reportsIt() {
        assertThat(checker.check("doc.md", "```sh\naws dynamodb list-tables\naz cosmosdb list\n```\n").problems())
                .containsExactly("doc.md: `aws dynamodb list-tables`: no template declares AWS::DynamoDB resources",
                        "doc.md: `az cosmosdb list`: az cosmosdb is not mapped to a resource provider of the templates");
    }

    @Test
    void check_whenQuotedNameUnknown_reportsIt() {
        assertThat(checker.check("doc.md", "Set `DbInstanceClass` and `DatabaseSizeGiB`.\n").problems())
                .containsExactly("doc.md: `DatabaseSizeGiB` is not a parameter, output, resource or property of the templates");
    }

}
