package com.silenttalk.automation.aws.rotation;

import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.ARN;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.TOKEN;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.V1;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.describe;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.notFound;
import static com.silenttalk.automation.aws.rotation.SecretsManagerApi.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Secrets Manager adapter against WireMock speaking JSON 1.1: request bodies asserted, documented bodies replayed. */
class SecretsManagerSecretStoreTest {
    static final String CURRENT_JSON = "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":5432,\"dbname\":\"app\","
            + "\"username\":\"app\",\"password\":\"current-Pass-0123456789abcdefgh\"}";

    SecretsManagerApi api;
    AwsClients clients;
    SecretsManagerSecretStore store;

    @BeforeEach
    void start() {
        api = new SecretsManagerApi();
        clients = TestAws.clients(api.endpoint());
        store = new SecretsManagerSecretStore(clients.secretsManager(TestAws.PRIMARY));
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    @Test
    void describe_whenSecretHasVersions_mapsStagesAndRotationFlag() throws Exception {
        api.on("DescribeSecret", 200, describe(true, Map.of(V1, List.of("AWSCURRENT"), TOKEN, List.of("AWSPENDING"))));

        SecretDescription d = store.describe(ARN);

        assertThat(d.rotationEnabled()).isTrue();
        assertThat(d.versionWith(Stage.CURRENT)).contains(V1);
        assertThat(d.stagesOf(TOKEN)).containsExactly(Stage.PENDING);
        JsonNode body = Json.MAPPER.readTree(api.requests("DescribeSecret").get(0).getBodyAsString());
        assertThat(body.path("SecretId").asText()).isEqualTo(ARN);
        assertThat(api.requests("DescribeSecret").get(0).getHeader("Content-Type")).isEqualTo(SecretsManagerApi.JSON_11);
    }

    @Test
    void valueAt_whenCurrent_parsesTheCredentialWithAttributes() throws Exception {
        api.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200, value(V1, List.of("AWSCURRENT"), CURRENT_JSON));

        Credential c = store.valueAt(ARN, Stage.CURRENT).orElseThrow();

        assertThat(c.username()).isEqualTo("app");
        assertThat(c.host()).isEqualTo("db.internal");
        assertThat(c.attributes()).containsEntry("port", "5432").containsEntry("dbname", "app").containsEntry("engine", "postgres");
        JsonNode body = Json.MAPPER.readTree(api.requests("GetSecretValue").get(0).getBodyAsString());
        assertThat(body.path("VersionStage").asText()).isEqualTo("AWSCURRENT");
        assertThat(body.has("VersionId")).isFalse();
    }

    @Test
    void valueOf_whenVersionHasNoValue_isEmpty() {
        api.on("GetSecretValue", "VersionId", TOKEN, 400, notFound("VersionId: " + TOKEN));

        assertThat(store.valueOf(ARN, TOKEN)).isEmpty();
    }

    @Test
    void valueAt_whenSecretStringIsNotJson_failsWithoutQuotingIt() {
        api.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200, value(V1, List.of("AWSCURRENT"), "hunter2-plain-text-password"));

        assertThatThrownBy(() -> store.valueAt(ARN, Stage.CURRENT))
                .isInstanceOf(RotationFailedException.class)
                .hasMessage("secret " + ARN + " (AWSCURRENT) is not valid JSON")
                .hasNoCause();
    }

    @Test
    void parse_whenFieldsAreScalarNestedOrRepeated_keepsScalarsAsTextAndTheLastValue() {
        Credential c = SecretsManagerSecretStore.parse(ARN, "test", "{\"username\":\"old\",\"host\":\"db.internal\",\"password\":\"p-0123456789\","
                + "\"port\":5432,\"ssl\":false,\"proxy\":null,\"tags\":{\"team\":\"ops\"},\"replicas\":[\"a\",\"b\"],\"username\":\"app\"}");

        assertThat(c.username()).isEqualTo("app");
        assertThat(c.attributes()).containsOnly(Map.entry("port", "5432"), Map.entry("ssl", "false"), Map.entry("proxy", "null"));
    }

    @Test
    void parse_whenNotAnObjectOrALoginFieldIsNotAString_failsWithoutQuotingIt() {
        for (String text : List.of("", "[\"hunter2-password\"]", "{\"username\":\"app\",\"host\":\"db\",\"password\":12345678}",
                "{\"username\":\"app\",\"password\":\"hunter2-password\"}")) {
            assertThatThrownBy(() -> SecretsManagerSecretStore.parse(ARN, "test", text)).as(text)
                    .isInstanceOf(RotationFailedException.class)
                    .hasMessage("secret " + ARN + " (test) must be a JSON object with string fields username, password and host");
        }
        assertThatThrownBy(() -> SecretsManagerSecretStore.parse(ARN, "test", "{\"password\":\"hunter2-password\""))
                .isInstanceOf(RotationFailedException.class).hasMessage("secret " + ARN + " (test) is not valid JSON").hasNoCause();
    }

    @Test
    void toJson_whenWritten_putsAttributesInNameOrderThenTheLoginAndReadsBackTheSame() {
        Credential c = SecretsManagerSecretStore.parse(ARN, "test", CURRENT_JSON);

        String json = SecretsManagerSecretStore.toJson(c);

        assertThat(json).isEqualTo("{\"dbname\":\"app\",\"engine\":\"postgres\",\"port\":5432,\"host\":\"db.internal\","
                + "\"username\":\"app\",\"password\":\"current-Pass-0123456789abcdefgh\"}");
        assertThat(SecretsManagerSecretStore.parse(ARN, "test", json)).isEqualTo(c);
    }

    @Test
    void putPending_whenCalled_sendsTheTokenTheStageAndTheJson() throws Exception {
        api.on("PutSecretValue", 200, "{\"ARN\": \"" + ARN + "\", \"Name\": \"silenttalk/prod/app-db\", \"VersionId\": \"" + TOKEN
                + "\", \"VersionStages\": [\"AWSPENDING\"]}");
        Credential pending = SecretsManagerSecretStore.parse(ARN, "test", CURRENT_JSON).withUserAndPassword("app", "new-Pass-0123456789abcdefghijk".toCharArray());

        store.putPending(ARN, TOKEN, pending);

        JsonNode body = Json.MAPPER.readTree(api.requests("PutSecretValue").get(0).getBodyAsString());
        assertThat(body.path("SecretId").asText()).isEqualTo(ARN);
        assertThat(body.path("ClientRequestToken").asText()).isEqualTo(TOKEN);
        assertThat(body.path("VersionStages").toString()).isEqualTo("[\"AWSPENDING\"]");
        JsonNode secret = Json.MAPPER.readTree(body.path("SecretString").asText());
        assertThat(secret.path("password").asText()).isEqualTo("new-Pass-0123456789abcdefghijk");
        assertThat(secret.path("port").isInt()).as("port stays a number").isTrue();
        assertThat(secret.path("host").asText()).isEqualTo("db.internal");
    }

    @Test
    void putPending_whenTokenExistsWithAnotherValue_failsClearly() {
        api.on("PutSecretValue", 400, "{\"__type\": \"ResourceExistsException\", \"Message\": \"You can't modify an existing version, you can only create a new version.\"}");
        Credential pending = SecretsManagerSecretStore.parse(ARN, "test", CURRENT_JSON);

        assertThatThrownBy(() -> store.putPending(ARN, TOKEN, pending))
                .isInstanceOf(RotationFailedException.class)
                .hasMessage("secret " + ARN + ": version " + TOKEN + " already exists with another value");
    }

    @Test
    void promote_whenCalled_movesCurrentFromTheOldVersion() throws Exception {
        api.on("UpdateSecretVersionStage", 200, "{\"ARN\": \"" + ARN + "\", \"Name\": \"silenttalk/prod/app-db\"}");

        store.promote(ARN, TOKEN, V1);

        JsonNode body = Json.MAPPER.readTree(api.requests("UpdateSecretVersionStage").get(0).getBodyAsString());
        assertThat(body.path("VersionStage").asText()).isEqualTo("AWSCURRENT");
        assertThat(body.path("MoveToVersionId").asText()).isEqualTo(TOKEN);
        assertThat(body.path("RemoveFromVersionId").asText()).isEqualTo(V1);
    }

    @Test
    void newPassword_whenPolicyGiven_asksGetRandomPasswordWithLengthAndExclusions() throws Exception {
        api.on("GetRandomPassword", 200, "{\"RandomPassword\": \"generated-Pass-0123456789abcdef\"}");

        char[] password = store.newPassword(PasswordPolicy.defaults());

        assertThat(new String(password)).isEqualTo("generated-Pass-0123456789abcdef");
        JsonNode body = Json.MAPPER.readTree(api.requests("GetRandomPassword").get(0).getBodyAsString());
        assertThat(body.path("PasswordLength").asInt()).isEqualTo(32);
        assertThat(body.path("ExcludeCharacters").asText()).isEqualTo(PasswordPolicy.DEFAULT_EXCLUDED);
    }

    @Test
    void describe_whenThrottledThenAnswered_retriesWithBackoff() {
        api.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/").inScenario("throttle")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo("secretsmanager.DescribeSecret"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                        .withHeader("Content-Type", SecretsManagerApi.JSON_11)
                        .withBody("{\"__type\": \"ThrottlingException\", \"Message\": \"Rate exceeded\"}"))
                .willSetStateTo("answered"));
        api.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/").inScenario("throttle")
                .whenScenarioStateIs("answered")
                .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo("secretsmanager.DescribeSecret"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", SecretsManagerApi.JSON_11)
                        .withBody(describe(true, Map.of(V1, List.of("AWSCURRENT"))))));

        assertThat(store.describe(ARN).versionWith(Stage.CURRENT)).contains(V1);
        assertThat(api.requests("DescribeSecret")).hasSize(2);
    }
}
