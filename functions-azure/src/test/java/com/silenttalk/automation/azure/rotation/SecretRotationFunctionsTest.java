package com.silenttalk.automation.azure.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.KeyVaultServer;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.azure.testing.TestHttpRequest;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Key Vault rotation functions, called as the host calls them (real Event Grid and HTTP payloads, a real
 * ExecutionContext), over the real SecretClient against a stateful HTTPS Key Vault on WireMock (bearer challenge),
 * the PostgreSQL role target on a throwaway PostgreSQL 15, and the Table ledger on azurite.
 */
@ExtendWith({Postgres.class, Azurite.class})
class SecretRotationFunctionsTest {
    static final String SECRET = "app-db";
    static final String V0 = "4f6a1c2e9b8d4e7fa3c5b1d2e6f8a9c0";
    static final Instant V0_CREATED = Instant.parse("2026-09-26T06:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String INITIAL_PASSWORD = "Initial-App-Pass-7f3c9e21b4d8a6";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    Path certs;
    KeyVaultServer vault;
    ManualClock clock;
    TableClient table;
    RotationWiring wiring;
    SecretRotationFunctions functions;
    TestExecutionContext context;
    Postgres.Server pg;
    String app;
    final List<String> responses = new ArrayList<>();

    @BeforeEach
    void setUp(Postgres.Server pg, Azurite.Accounts accounts) throws Exception {
        this.pg = pg;
        app = "rot" + PREFIXES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6) + "_app";
        admin("CREATE ROLE " + app + "_owner NOLOGIN",
                "CREATE ROLE " + app + " LOGIN PASSWORD '" + INITIAL_PASSWORD + "'",
                "GRANT " + app + "_owner TO " + app,
                "CREATE TABLE public." + app + "_messages (id bigint primary key, body text)",
                "ALTER TABLE public." + app + "_messages OWNER TO " + app + "_owner",
                "GRANT SELECT, INSERT ON public." + app + "_messages TO " + app);
        vault = new KeyVaultServer(certs);
        vault.seed(SECRET, V0, credentialJson(app, INITIAL_PASSWORD), V0_CREATED, Map.of());
        vault.seed("db-admin", "0123456789abcdef0123456789abcdef", credentialJson(Postgres.USER, Postgres.PASSWORD),
                Instant.parse("2026-01-01T00:00:00Z"), Map.of());
        vault.setNow(NOW);
        clock = new ManualClock(NOW);
        table = TestAzure.clients().table(accounts.primary(), "rot" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        table.createTable();
        RotationSettings settings = new RotationSettings(URI.create(vault.url()), "st-ops-kv", Set.of(SECRET), "alternating-users",
                Optional.of("db-admin"), "disable", Duration.ofDays(90), Duration.ofMinutes(15));
        wiring = RotationWiring.build(settings, vault.client(), new TableRunLedger(table), clock);
        functions = new SecretRotationFunctions(() -> wiring);
        context = new TestExecutionContext(SecretRotationFunctions.NEAR_EXPIRY_FUNCTION);
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    String credentialJson(String user, String password) {
        return "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":" + pg.port() + ",\"dbname\":\"postgres\",\"username\":\""
                + user + "\",\"password\":\"" + password + "\"}";
    }

    void admin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    boolean logsIn(String user, String password) {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), user, password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new AssertionError(e);
        }
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    String event() {
        return Events.load("eventgrid/secret-near-expiry.json");
    }

    HttpResponseMessage post(String body) {
        HttpResponseMessage response = functions.manual(new TestHttpRequest("https://st-ops-func.azurewebsites.net/api/rotations", body),
                new TestExecutionContext(SecretRotationFunctions.HTTP_FUNCTION));
        responses.add(String.valueOf(response.getBody()));
        return response;
    }

    @Test
    void nearExpiry_whenTheLiveVersionIsAboutToExpire_rotatesToTheTwinAndTheAppConnectionKeepsWorking() throws Exception {
        try (Connection appSession = DriverManager.getConnection(pg.url("postgres"), app, INITIAL_PASSWORD)) {
            functions.nearExpiry(event(), context);

            KeyVaultServer.Version live = vault.live(SECRET);
            assertThat(live.version).isNotEqualTo(V0);
            JsonNode now = json(live.value);
            assertThat(now.path("username").asText()).isEqualTo(app + "_clone");
            assertThat(now.path("password").asText()).hasSize(32).isNotEqualTo(INITIAL_PASSWORD);
            assertThat(logsIn(app + "_clone", now.path("password").asText())).isTrue();
            assertThat(live.tags).containsEntry("rotation-version", KeyVaultRotation.tokenFor(SECRET, V0)).containsEntry("rotation-stage", "CURRENT");
            assertThat(live.expires).isEqualTo(NOW.plus(Duration.ofDays(90)).getEpochSecond());
            assertThat(vault.versionsOf(SECRET).stream().filter(v -> v.version.equals(V0)).findFirst().orElseThrow().tags)
                    .containsEntry("rotation-stage", "PREVIOUS");
            // the companion holds the pending credential; the secret apps read is written once, after set and test
            assertThat(vault.writes()).containsExactly("PUT /secrets/app-db-pending", "PUT /secrets/app-db-pending",
                    "PUT /secrets/app-db", "PATCH /secrets/app-db/" + V0,
                    "PATCH /secrets/app-db-pending/" + vault.versionsOf("app-db-pending").get(1).version);
            // alternating users: the old login and the open session keep working until the next rotation
            assertThat(logsIn(app, INITIAL_PASSWORD)).isTrue();
            try (Statement s = appSession.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM public." + app + "_messages")) {
                assertThat(r.next()).isTrue();
            }
        }
        assertThat(context.lines()).singleElement().asString().startsWith("INFO secret-rotation source=event 5b0e7f2a")
                .contains("secret=app-db", "version=" + V0, "action=rotated");
        assertNoPasswordAnywhere(INITIAL_PASSWORD, json(vault.live(SECRET).value).path("password").asText());
    }

    @Test
    void nearExpiry_whenWritingTheVersionAppsReadFails_theTwinIsAlreadySetAndTestedAndARedeliveryFinishesOnce() throws Exception {
        vault.failWrites("/secrets/app-db");

        assertThatThrownBy(() -> functions.nearExpiry(event(), context)).hasMessageContaining("500");

        assertThat(vault.live(SECRET).version).isEqualTo(V0);
        String pending = json(vault.live("app-db-pending").value).path("password").asText();
        assertThat(logsIn(app + "_clone", pending)).as("set and tested on PostgreSQL before the vault version is written").isTrue();
        assertThat(logsIn(app, INITIAL_PASSWORD)).isTrue();
        assertThat(ledger("rotation/keyvault/app-db/" + V0)).contains("FAILED");

        vault.healWrites();
        functions.nearExpiry(event(), context);
        functions.nearExpiry(event(), context);

        assertThat(vault.versionsOf(SECRET)).hasSize(2);
        assertThat(json(vault.live(SECRET).value).path("password").asText()).isEqualTo(pending);
        assertThat(vault.versionsOf("app-db-pending")).as("the redelivery resumed the same rotation").hasSize(2);
        assertThat(ledger("rotation/keyvault/app-db/" + V0)).contains("SUCCEEDED");
        assertThat(context.lines()).filteredOn(l -> l.startsWith("INFO")).extracting(l -> l.replaceAll(".* action=([a-z-]+).*", "$1"))
                .containsExactly("rotated", "stale");
        assertNoPasswordAnywhere(INITIAL_PASSWORD, pending);
    }

    @Test
    void nearExpiry_whenDeliveredTwice_rotatesOnceAndAcknowledgesTheDuplicateAsStale() throws Exception {
        functions.nearExpiry(event(), context);
        int writes = vault.writes().size();

        functions.nearExpiry(event(), context);

        assertThat(vault.writes()).hasSize(writes);
        assertThat(vault.versionsOf(SECRET)).hasSize(2);
        assertThat(context.lines().get(1)).contains("action=stale", "is no longer the live version");
    }

    @Test
    void nearExpiry_whenAnotherWorkerHoldsTheRunWithinItsLease_changesNothingAndAsksForRedeliveryThenResumesAfterTheLease() throws Exception {
        new TableRunLedger(table).claim(AuditRecord.started(new RunKey("rotation/keyvault/app-db/" + V0), "rotation.keyvault",
                NOW.minus(Duration.ofMinutes(5))));

        assertThatThrownBy(() -> functions.nearExpiry(event(), context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in progress");
        assertThat(vault.writes()).isEmpty();
        assertThat(context.lines()).singleElement().asString().contains("action=in-progress");

        clock.advance(Duration.ofMinutes(15));
        functions.nearExpiry(event(), context);

        assertThat(vault.versionsOf(SECRET)).hasSize(2);
        assertThat(context.lines().get(1)).contains("action=rotated");
    }

    @Test
    void nearExpiry_whenTheEventIsAboutAnOlderVersion_acknowledgesItWithOneLineAndNoChange() {
        functions.nearExpiry(event().replace(V0, "00000000000000000000000000000abc"), context);

        assertThat(vault.writes()).isEmpty();
        assertThat(context.lines()).singleElement().asString().contains("action=stale", "version 00000000000000000000000000000abc is no longer");
    }

    @Test
    void nearExpiry_whenTheLiveVersionWasWrittenAfterTheEvent_acknowledgesItAsStale() {
        functions.nearExpiry(event().replace("2026-11-25T06:00:05.4178934Z", "2026-09-26T05:59:00Z"), context);

        assertThat(vault.writes()).isEmpty();
        assertThat(context.lines()).singleElement().asString().contains("action=stale", "after the request");
    }

    @ParameterizedTest
    @CsvSource({
            "Microsoft.KeyVault.SecretNearExpiry, Microsoft.KeyVault.SecretExpired, eventType",
            "\"ObjectType\": \"Secret\", \"ObjectType\": \"Key\", data.ObjectType",
            "\"VaultName\": \"st-ops-kv\", \"VaultName\": \"other-kv\", data.VaultName",
            "\"Version\": \"4f6a1c2e9b8d4e7fa3c5b1d2e6f8a9c0\", \"Version\": \"latest\", data.Version",
            "\"ObjectName\": \"app-db\", \"ObjectName\": \"billing-db\", data.ObjectName",
            "\"ObjectName\": \"app-db\", \"ObjectName\": \"app-db-pending\", data.ObjectName.secret",
            "\"eventTime\": \"2026-11-25T06:00:05.4178934Z\", \"eventTime\": \"yesterday\", eventTime",
    })
    void nearExpiry_whenAFieldIsWrong_namesItAndChangesNothing(String from, String to, String field) {
        assertThatThrownBy(() -> functions.nearExpiry(event().replace(from, to), context))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));

        assertThat(vault.writes()).isEmpty();
        assertThat(context.lines()).singleElement().asString().startsWith("WARNING secret-rotation rejected: " + field + ":");
    }

    @Test
    void nearExpiry_whenEventGridDeliversTheWebhookBatchForm_rotatesAsForTheSingleEvent() throws Exception {
        functions.nearExpiry(Events.load("eventgrid/secret-near-expiry-batch.json"), context);

        assertThat(vault.live(SECRET).version).isNotEqualTo(V0);
        assertThat(json(vault.live(SECRET).value).path("username").asText()).isEqualTo(app + "_clone");
        assertThat(context.lines()).singleElement().asString().contains("secret=app-db", "action=rotated");
    }

    @Test
    void nearExpiry_whenABatchHoldsTheSameNoticeTwice_rotatesOnceAndAcknowledgesTheSecondAsStale() throws Exception {
        String batch = "[" + event() + ", " + event() + "]";

        functions.nearExpiry(batch, context);

        assertThat(vault.versionsOf(SECRET)).hasSize(2);
        assertThat(context.lines()).hasSize(2);
        assertThat(context.lines().get(0)).contains("action=rotated");
        assertThat(context.lines().get(1)).contains("action=stale");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Version\": \"4f6a1c2e9b8d4e7fa3c5b1d2e6f8a9c0\"|\"Version\": \"latest\"|event[1].data.Version",
            "\"ObjectName\": \"app-db\"|\"ObjectName\": \"billing-db\"|event[1].data.ObjectName",
            "\"eventType\": \"Microsoft.KeyVault.SecretNearExpiry\"|\"eventType\": 7|event[1].eventType"})
    void nearExpiry_whenOneEventOfABatchIsBad_namesItsIndexAndRotatesNone(String from, String to, String field) {
        String batch = "[" + event() + ", " + event().replace(from, to) + "]";

        assertThatThrownBy(() -> functions.nearExpiry(batch, context))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));

        assertThat(vault.writes()).isEmpty();
        assertThat(vault.live(SECRET).version).isEqualTo(V0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[]|event", "[7]|event[0]", "\"app-db\"|event", "[{}]|event[0].eventType"})
    void nearExpiry_whenTheBatchHasNoEvent_namesItAndRotatesNothing(String batch, String field) {
        assertThatThrownBy(() -> functions.nearExpiry(batch, context))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));

        assertThat(vault.writes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|secret",
            "{\"secret\": 7}|secret",
            "{\"secret\": \"app-db\", \"force\": true}|force",
            "{\"secret\": \"app-db\", \"dryRun\": \"yes\"}|dryRun",
            "{\"secret\": \"app-db\", \"version\": \"v1\"}|version",
            "{\"secret\": \"billing-db\"}|secret",
            "not json|body",
    })
    void manual_whenTheBodyIsBad_answers400NamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        HttpResponseMessage response = post(body);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json((String) response.getBody()).path("field").asText()).isEqualTo(field);
        assertThat(vault.writes()).isEmpty();
    }

    @Test
    void manual_whenDryRun_answersThePlanAndWritesNothing() throws Exception {
        HttpResponseMessage response = post("{\"secret\": \"app-db\", \"dryRun\": true}");

        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        JsonNode body = json((String) response.getBody());
        assertThat(body.path("action").asText()).isEqualTo("planned");
        assertThat(body.path("plan").toString()).contains("'" + app + "_clone'", "finishSecret");
        assertThat(vault.writes()).isEmpty();
        assertThat(logsIn(app + "_clone", "x")).isFalse();
    }

    @Test
    void manual_whenAskedTwiceForTheSameVersion_rotatesOnceAndAnswersConflictTheSecondTime() throws Exception {
        HttpResponseMessage first = post("{\"secret\": \"app-db\", \"version\": \"" + V0 + "\"}");
        HttpResponseMessage second = post("{\"secret\": \"app-db\", \"version\": \"" + V0 + "\"}");

        assertThat(first.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(json((String) first.getBody()).path("action").asText()).isEqualTo("rotated");
        assertThat(second.getStatus()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json((String) second.getBody()).path("action").asText()).isEqualTo("stale");
        assertThat(vault.versionsOf(SECRET)).hasSize(2);
        assertNoPasswordAnywhere(INITIAL_PASSWORD, json(vault.live(SECRET).value).path("password").asText());
    }

    /** Log lines, HTTP answers and every ledger record of the run hold neither the old nor the new password. */
    void assertNoPasswordAnywhere(String... passwords) {
        List<String> everything = new ArrayList<>(context.lines());
        everything.addAll(responses);
        table.listEntities().forEach(e -> everything.add(e.getProperties().toString()));
        assertThat(everything).isNotEmpty();
        for (String password : passwords) {
            assertThat(password).isNotBlank();
            assertThat(everything).noneMatch(line -> line.contains(password));
        }
    }

    String ledger(String key) {
        return new TableRunLedger(table).find(new RunKey(key)).map(r -> r.outcome().name()).orElse("none");
    }
}
