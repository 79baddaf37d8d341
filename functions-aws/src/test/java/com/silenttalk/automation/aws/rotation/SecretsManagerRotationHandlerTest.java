package com.silenttalk.automation.aws.rotation;

import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.TOKEN;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.V1;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.describe;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.notFound;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.InvalidFieldException;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The rotation function on real Secrets Manager rotation events, with Secrets Manager on WireMock (JSON 1.1)
 * and an in-memory database target: the staging-label contract, bad events, and the calls each step makes.
 */
class SecretsManagerRotationHandlerTest {
    static final String OLD = "current-Pass-0123456789abcdefgh";
    static final String NEW = "generated-Pass-0123456789abcdef";
    static final String CURRENT_JSON = "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":5432,\"dbname\":\"app\","
            + "\"username\":\"app\",\"password\":\"" + OLD + "\"}";
    static final String PENDING_JSON = CURRENT_JSON.replace(OLD, NEW);

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
        handler = new SecretsManagerRotationHandler(store, store, c -> database, ledger, DynamoDbRunLedger.REQUIRED_ACTIONS, PasswordPolicy.defaults(),
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC), lines.log(SecretsManagerRotationHandler.NAME),
                TestAws.PRIMARY);
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    void pendingRotation(boolean pendingHasValue) {
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING"))));
        api.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200, value(V1, List.of("AWSCURRENT"), CURRENT_JSON));
        api.on("GetSecretValue", "VersionStage", "AWSPREVIOUS", 400, notFound("staging label: AWSPREVIOUS"));
        if (pendingHasValue) {
            api.on("GetSecretValue", "VersionId", TOKEN, 200, value(TOKEN, List.of("AWSPENDING"), PENDING_JSON));
        } else {
            api.on("GetSecretValue", "VersionId", TOKEN, 400, notFound("VersionId: " + TOKEN));
        }
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/create-secret.json", type = Map.class)
    void handleRequest_whenCreateSecret_makesTheFiveCallsAndWritesOnePendingVersion(Map<String, Object> event) throws Exception {
        pendingRotation(false);
        api.on("GetRandomPassword", 200, "{\"RandomPassword\": \"" + NEW + "\"}");
        api.on("PutSecretValue", 200, "{\"ARN\": \"" + SecretsManagerApi.ARN + "\", \"VersionId\": \"" + TOKEN + "\", \"VersionStages\": [\"AWSPENDING\"]}");

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("action", "created").containsEntry("step", "createSecret");
        assertThat(api.operations()).containsExactly("DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue");
        JsonNode put = Json.MAPPER.readTree(api.requests("PutSecretValue").get(0).getBodyAsString());
        assertThat(put.path("ClientRequestToken").asText()).isEqualTo(TOKEN);
        assertThat(put.path("VersionStages").toString()).isEqualTo("[\"AWSPENDING\"]");
        JsonNode secret = Json.MAPPER.readTree(put.path("SecretString").asText());
        assertThat(secret.path("username").asText()).isEqualTo("app");
        assertThat(secret.path("password").asText()).isEqualTo(NEW);
        assertThat(lines.all()).hasSize(1).allSatisfy(l -> assertThat(l).doesNotContain(NEW).doesNotContain(OLD).doesNotContain(TOKEN));
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/create-secret.json", type = Map.class)
    void handleRequest_whenPendingAlreadyHasAValue_writesNothing(Map<String, Object> event) {
        pendingRotation(true);

        assertThat(handler.handleRequest(event, null)).containsEntry("action", "already-created");
        assertThat(api.operations()).doesNotContain("GetRandomPassword", "PutSecretValue");
    }

    @ParameterizedTest
    @Events(events = {@Event("events/secretsmanager/create-secret.json"), @Event("events/secretsmanager/set-secret.json"),
            @Event("events/secretsmanager/test-secret.json"), @Event("events/secretsmanager/finish-secret.json")}, type = Map.class)
    void handleRequest_whenTokenIsAlreadyCurrent_returnsEarlyWithoutWriting(Map<String, Object> event) {
        api.on("DescribeSecret", 200, describe(true, Map.of(TOKEN, List.of("AWSCURRENT"), V1, List.of("AWSPREVIOUS"))));
        api.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200, value(TOKEN, List.of("AWSCURRENT"), CURRENT_JSON));

        assertThat(handler.handleRequest(event, null)).containsEntry("action", "already-current");
        assertThat(api.operations()).doesNotContain("PutSecretValue", "UpdateSecretVersionStage", "GetRandomPassword");
        assertThat(database.passwordChanges()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/set-secret.json", type = Map.class)
    void handleRequest_whenTokenIsNotAVersion_isRejectedWithNoChange(Map<String, Object> event) {
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"))));

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("ClientRequestToken: version " + TOKEN + " is not a version of secret " + SecretsManagerApi.ARN);
        assertThat(api.operations()).containsExactly("DescribeSecret");
        assertThat(ledger.writes()).isEmpty();
        assertThat(lines.all()).singleElement().asString().contains("\"rejected\"");
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/set-secret.json", type = Map.class)
    void handleRequest_whenTokenIsNotPending_isRejected(Map<String, Object> event) {
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"), TOKEN, List.of())));

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageEndingWith("is not PENDING");
        assertThat(database.passwordChanges()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/create-secret.json", type = Map.class)
    void handleRequest_whenRotationDisabled_isRejectedWithNoChange(Map<String, Object> event) {
        api.on("DescribeSecret", 200, describe(false, Map.of(V1, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING"))));

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("RotationEnabled: ");
        assertThat(api.operations()).containsExactly("DescribeSecret");
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/unknown-step.json", type = Map.class)
    void handleRequest_whenStepIsUnknown_isRejectedBeforeAnyCall(Map<String, Object> event) {
        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("Step: unknown step 'deleteSecret'; expected createSecret, setSecret, testSecret or finishSecret");
        assertThat(api.operations()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/missing-token.json", type = Map.class)
    void handleRequest_whenTokenIsMissing_isRejectedBeforeAnyCall(Map<String, Object> event) {
        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("ClientRequestToken: is missing or not a string");
        assertThat(api.operations()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/set-secret.json", type = Map.class)
    void handleRequest_whenPendingChangedTheHost_isRejectedAndTheDatabaseUntouched(Map<String, Object> event) {
        pendingRotation(false);
        api.on("GetSecretValue", "VersionId", TOKEN, 200, value(TOKEN, List.of("AWSPENDING"),
                PENDING_JSON.replace("db.internal", "attacker.example")));

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("host: the pending version logs in to host 'attacker.example'");
        assertThat(database.passwordChanges()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/set-secret.json", type = Map.class)
    void handleRequest_whenPendingChangedTheUser_isRejected(Map<String, Object> event) {
        pendingRotation(false);
        api.on("GetSecretValue", "VersionId", TOKEN, 200, value(TOKEN, List.of("AWSPENDING"),
                PENDING_JSON.replace("\"username\":\"app\"", "\"username\":\"postgres\"")));

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("username: ");
        assertThat(database.passwordChanges()).isZero();
    }

    @ParameterizedTest
    @Events(events = {@Event("events/secretsmanager/set-secret.json"), @Event("events/secretsmanager/test-secret.json")}, type = Map.class)
    void handleRequest_whenSetThenTest_changesThePasswordOnceAndTestsIt(Map<String, Object> event) {
        pendingRotation(true);
        if (event.get("Step").equals("testSecret")) {
            database.user("app", NEW.toCharArray());
        }

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out.get("action")).isIn("set", "tested");
        assertThat(database.accepts("app", NEW.toCharArray())).isTrue();
        assertThat(lines.all()).allSatisfy(l -> assertThat(l).doesNotContain(NEW).doesNotContain(OLD));
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/test-secret.json", type = Map.class)
    void handleRequest_whenTestFails_promotesNothingAndLogsNoPassword(Map<String, Object> event) {
        pendingRotation(true);

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(com.silenttalk.automation.core.rotation.RotationFailedException.class)
                .hasMessageContaining("rejects the pending login of user 'app'");
        assertThat(api.operations()).doesNotContain("UpdateSecretVersionStage");
        assertThat(lines.all()).singleElement().asString().contains("\"failed\"").doesNotContain(NEW).doesNotContain(OLD);
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/finish-secret.json", type = Map.class)
    void handleRequest_whenFinishSecret_movesCurrentOnce(Map<String, Object> event) throws Exception {
        pendingRotation(true);
        api.on("UpdateSecretVersionStage", 200, "{\"ARN\": \"" + SecretsManagerApi.ARN + "\", \"Name\": \"silenttalk/prod/app-db\"}");

        assertThat(handler.handleRequest(event, null)).containsEntry("action", "promoted");

        assertThat(api.requests("UpdateSecretVersionStage")).hasSize(1);
        JsonNode body = Json.MAPPER.readTree(api.requests("UpdateSecretVersionStage").get(0).getBodyAsString());
        assertThat(body.path("VersionStage").asText()).isEqualTo("AWSCURRENT");
        assertThat(body.path("MoveToVersionId").asText()).isEqualTo(TOKEN);
        assertThat(body.path("RemoveFromVersionId").asText()).isEqualTo(V1);
    }

    @ParameterizedTest
    @Events(events = {@Event("events/secretsmanager/create-secret.json"), @Event("events/secretsmanager/set-secret.json"),
            @Event("events/secretsmanager/test-secret.json"), @Event("events/secretsmanager/finish-secret.json")},
            type = SecretsManagerRotationEvent.class)
    void fixtures_whenReadAsTheLibraryEvent_areSecretsManagerRotationEvents(SecretsManagerRotationEvent event) {
        assertThat(event.getSecretId()).isEqualTo(SecretsManagerApi.ARN);
        assertThat(event.getClientRequestToken()).isEqualTo(TOKEN);
        assertThat(event.getStep()).endsWith("Secret");
    }

    @org.junit.jupiter.api.Test
    void targets_whenEngineIsUnsupportedOrRedisLacksItsGroup_areRefusedBeforeAnyCall() {
        var locate = RotationWiring.targets("require", () -> clients.elastiCache(TestAws.PRIMARY));
        var mysql = new com.silenttalk.automation.core.rotation.Credential("app", "db.internal", OLD.toCharArray(), Map.of("engine", "mysql"));
        var redis = new com.silenttalk.automation.core.rotation.Credential("default", "cache.internal", OLD.toCharArray(), Map.of("engine", "redis"));
        var redisWithGroup = new com.silenttalk.automation.core.rotation.Credential("default", "cache.internal", OLD.toCharArray(),
                Map.of("engine", "redis", "replicationGroupId", "silenttalk-redis", "port", "6380"));
        var postgres = new com.silenttalk.automation.core.rotation.Credential("app", "db.internal", OLD.toCharArray(), Map.of("engine", "postgres"));

        assertThatThrownBy(() -> locate.locate(mysql)).isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("engine: 'mysql'");
        assertThatThrownBy(() -> locate.locate(redis)).isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("replicationGroupId: ");
        assertThat(locate.locate(redisWithGroup)).isInstanceOf(ElastiCacheAuthTokenTarget.class)
                .extracting(t -> t.describe()).isEqualTo("rediss://cache.internal:6380 (replication group silenttalk-redis)");
        assertThat(locate.locate(postgres).describe()).isEqualTo("postgresql://db.internal:5432/postgres?sslmode=require");
        assertThat(api.operations()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void requiredActions_whenGetRandomPasswordIsTheSource_includeItAndNoWildcard() {
        assertThat(handler.requiredActions()).contains("secretsmanager:GetRandomPassword", "secretsmanager:PutSecretValue",
                "kms:Decrypt", "kms:GenerateDataKey", "dynamodb:PutItem").noneMatch(a -> a.contains("*"));
    }

    @ParameterizedTest
    @Event(value = "events/secretsmanager/create-secret.json", type = Map.class)
    void plan_whenCreateSecret_listsTheFiveCallsAndCallsNothing(Map<String, Object> event) {
        assertThat(handler.plan(event)).extracting(com.silenttalk.automation.core.dryrun.PlannedCall::operation)
                .containsExactly("DescribeSecret", "GetSecretValue", "GetSecretValue", "GetRandomPassword", "PutSecretValue");
        assertThat(api.operations()).isEmpty();
    }

    /**
     * The production wiring sets no endpoint: the SDK's own endpoint configuration (AWS_ENDPOINT_URL_SECRETS_MANAGER,
     * or its system property aws.endpointUrlSecretsManager used here) reaches a local stub, so a fresh JVM can run
     * createSecret against WireMock with the production constructor.
     */
    @Test
    void productionClients_whenTheSdkEndpointSettingNamesAStub_callSecretsManagerThere() {
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"))));
        String previous = System.setProperty("aws.endpointUrlSecretsManager", api.endpoint());
        try (AwsClients production = new AwsClients(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                java.util.Optional.empty(), com.silenttalk.automation.aws.runtime.RetryPolicy.DEFAULT, 12,
                com.silenttalk.automation.aws.runtime.RequestRateLimiter.Ticker.SYSTEM)) {
            new SecretsManagerSecretStore(production.secretsManager(TestAws.PRIMARY)).describe(SecretsManagerApi.ARN);
        } finally {
            if (previous == null) {
                System.clearProperty("aws.endpointUrlSecretsManager");
            } else {
                System.setProperty("aws.endpointUrlSecretsManager", previous);
            }
        }

        assertThat(api.operations()).containsExactly("DescribeSecret");
    }

    /** SnapStart priming: the whole createSecret path offline, then the handler as before (same fixtures). */
    @Nested
    class Priming {
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
            api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING"))));
            api.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200, value(V1, List.of("AWSCURRENT"),
                    CURRENT_JSON));
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
}
