package com.silenttalk.automation.aws.rotation;

import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.TOKEN;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.V1;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.describe;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.notFound;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.rotation.FakeDatabaseTarget;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.Stage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** SnapStart priming of the rotation function: the whole createSecret path offline, then the handler as before. */
class RotationPrimingTest {
    static final String OLD = SecretsManagerRotationHandlerTest.OLD;
    static final String NEW = SecretsManagerRotationHandlerTest.NEW;

    SecretsManagerApi api;
    AwsClients clients;
    FakeDatabaseTarget database;
    InMemoryRunLedger ledger;
    Lines lines;
    SecretsManagerRotationHandler handler;

    @BeforeEach
    void start() {
        api = new SecretsManagerApi();
        clients = TestAws.clients(api.endpoint());
        database = new FakeDatabaseTarget(false).user("app", OLD.toCharArray());
        ledger = new InMemoryRunLedger();
        lines = new Lines();
        SecretsManagerSecretStore store = new SecretsManagerSecretStore(clients.secretsManager(TestAws.PRIMARY));
        handler = new SecretsManagerRotationHandler(store, store, c -> database, ledger, DynamoDbRunLedger.REQUIRED_ACTIONS,
                PasswordPolicy.defaults(), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
                lines.log(SecretsManagerRotationHandler.NAME), TestAws.PRIMARY);
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    @Test
    void beforeCheckpoint_whenPriming_makesNoNetworkCallAndWritesNothing() {
        handler.beforeCheckpoint(null);

        assertThat(api.server().getAllServeEvents()).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(lines.all()).isEmpty();
        assertThat(database.passwordChanges()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/create-secret.json", type = Map.class)
    void handleRequest_afterPriming_makesTheFiveCallsAndWritesOnePendingVersion(Map<String, Object> event) {
        handler.beforeCheckpoint(null);
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of(Stage.CURRENT), TOKEN, List.of(Stage.PENDING))));
        api.on("GetSecretValue", "VersionStage", Stage.CURRENT, 200, value(V1, List.of(Stage.CURRENT),
                SecretsManagerRotationHandlerTest.CURRENT_JSON));
        api.on("GetSecretValue", "VersionId", TOKEN, 400, notFound("VersionId: " + TOKEN));
        api.on("GetRandomPassword", 200, "{\"RandomPassword\": \"" + NEW + "\"}");
        api.on("PutSecretValue", 200, "{\"ARN\": \"" + SecretsManagerApi.ARN + "\", \"VersionId\": \"" + TOKEN
                + "\", \"VersionStages\": [\"AWSPENDING\"]}");

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("action", "created");
        assertThat(api.operations()).containsExactly("DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword",
                "PutSecretValue");
        assertThat(ledger.writes()).isNotEmpty();
        assertThat(lines.all()).singleElement().asString().contains("\"action\":\"created\"").doesNotContain(NEW).doesNotContain(OLD);
    }
}
