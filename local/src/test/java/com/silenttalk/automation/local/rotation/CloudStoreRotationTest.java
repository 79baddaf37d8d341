package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.azure.testing.KeyVaultServer;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl rotate --store aws:...} and {@code --store azure:...}: the functions' own Secrets Manager and Key
 * Vault stores, configured from the environment as the clouds' tools are, against WireMock speaking each
 * service's protocol (stateful, request bodies asserted), rotating a real role on a throwaway PostgreSQL.
 */
class CloudStoreRotationTest {
    static final char[] OLD = "cloud-Initial-Pass-0123456789ab".toCharArray();
    static final String TOKEN = "7c1e5a90-4d2b-4f6e-8a3c-0b9d8e7f6a51";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path clusters;
    static ThrowawayCluster cluster;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        cluster = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters.resolve("c"), "cloudrot");
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    static String secretJson(RotationDatabase db, String user, String password) {
        return "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":\"" + cluster.handle().port() + "\",\"dbname\":\""
                + db.database + "\",\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    static boolean logsIn(RotationDatabase db, String user, String password) {
        try (Connection c = db.connectAs(user, password.toCharArray())) {
            return c.isValid(2);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new AssertionError(e);
        }
    }

    static Map<String, String> awsEnv(SecretsManagerServer sm) {
        return Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_SECRETS_MANAGER", sm.endpoint(),
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "test-secret-key-not-a-secret");
    }

    @Test
    void rotate_whenTheStoreIsSecretsManager_rotatesThroughItsJsonApiAndPrintsNoPassword() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "smsu", OLD);
        try (SecretsManagerServer sm = new SecretsManagerServer(secretJson(db, db.app, new String(OLD)))) {
            OpsctlRun run = OpsctlRun.in(work, awsEnv(sm), "rotate", "--target", db.targetUrl(), "--store",
                    "aws:" + SecretsManagerServer.ARN, "--ledger", "ledger", "--token", TOKEN);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode current = JSON.readTree(sm.valueAt("AWSCURRENT"));
            String fresh = current.path("password").asText();
            assertThat(current.path("username").asText()).isEqualTo(db.app);
            assertThat(fresh).hasSize(32).isNotEqualTo(new String(OLD));
            assertThat(logsIn(db, db.app, fresh)).isTrue();
            assertThat(logsIn(db, db.app, new String(OLD))).as("single-user: the old password stops working").isFalse();
            assertThat(sm.stages()).containsEntry(TOKEN, java.util.Set.of("AWSCURRENT"))
                    .containsEntry(SecretsManagerServer.V1, java.util.Set.of("AWSPREVIOUS"));
            assertThat(sm.requests("PutSecretValue")).singleElement().satisfies(r -> {
                JsonNode body = JSON.readTree(r.getBodyAsString());
                assertThat(body.path("SecretId").asText()).isEqualTo(SecretsManagerServer.ARN);
                assertThat(body.path("ClientRequestToken").asText()).isEqualTo(TOKEN);
                assertThat(body.path("VersionStages").toString()).isEqualTo("[\"AWSPENDING\"]");
                assertThat(JSON.readTree(body.path("SecretString").asText()).path("username").asText()).isEqualTo(db.app);
            });
            assertThat(sm.requests("UpdateSecretVersionStage")).hasSize(2).first().satisfies(r -> {
                JsonNode body = JSON.readTree(r.getBodyAsString());
                assertThat(body.path("VersionStage").asText()).isEqualTo("AWSCURRENT");
                assertThat(body.path("MoveToVersionId").asText()).isEqualTo(TOKEN);
                assertThat(body.path("RemoveFromVersionId").asText()).isEqualTo(SecretsManagerServer.V1);
            });
            assertThat(sm.requests("UpdateSecretVersionStage").get(1).getBodyAsString()).as("opsctl ends the rotation as Secrets Manager does")
                    .contains("\"VersionStage\":\"AWSPENDING\"").contains("\"RemoveFromVersionId\":\"" + TOKEN + "\"");
            assertThat(run.stdout()).contains("finishSecret: promoted");
            assertThat(run.stdout() + run.stderr()).doesNotContain(new String(OLD)).doesNotContain(fresh);
        }
    }

    @Test
    void rotate_whenSecretsManagerDryRun_readsOnlyAndChangesNothing() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "smdry", OLD);
        try (SecretsManagerServer sm = new SecretsManagerServer(secretJson(db, db.app, new String(OLD)))) {
            OpsctlRun run = OpsctlRun.in(work, awsEnv(sm), "rotate", "--target", db.targetUrl(), "--store",
                    "aws:" + SecretsManagerServer.ARN, "--ledger", "ledger", "--dry-run");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(sm.operations()).isNotEmpty().allMatch(op -> op.equals("DescribeSecret") || op.equals("GetSecretValue"));
            assertThat(run.stdout()).contains("would createSecret");
            assertThat(logsIn(db, db.app, new String(OLD))).isTrue();
            assertThat(run.stdout() + run.stderr()).doesNotContain(new String(OLD));
        }
    }

    @Test
    void rotate_whenTheAwsRegionIsNotARegion_namesTheOptionAndCallsNothing() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "smbad", OLD);
        try (SecretsManagerServer sm = new SecretsManagerServer(secretJson(db, db.app, new String(OLD)))) {
            OpsctlRun run = OpsctlRun.in(work, awsEnv(sm), "rotate", "--target", db.targetUrl(), "--store",
                    "aws:" + SecretsManagerServer.ARN, "--region", "mars", "--ledger", "ledger");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stderr()).contains("--region: 'mars' is not an AWS region");
            assertThat(sm.operations()).isEmpty();
        }
    }

    /**
     * A separate opsctl process, as an operator runs it: DefaultAzureCredential signs in through the App Service
     * identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER) and the JVM trusts the test vault's certificate.
     */
    @Test
    void rotate_whenTheStoreIsKeyVault_writesTheVersionAppsReadOnlyAfterTheDatabaseAcceptsTheTwin() throws Exception {
        RotationDatabase db = new RotationDatabase(cluster, "kvalt", OLD);
        try (KeyVaultServer vault = new KeyVaultServer(work)) {
            String v0 = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
            vault.seed("app-db", v0, secretJson(db, db.app, new String(OLD)), Instant.now().minus(Duration.ofDays(60)), Map.of());
            vault.setNow(Instant.now());
            Path trust = vault.trustStore(work);
            // the vault's real-looking name resolves to the test server, so the SDK's challenge-resource check stays on
            Path hosts = java.nio.file.Files.writeString(work.resolve("hosts"), "127.0.0.1 " + KeyVaultServer.VAULT_HOST + "\n127.0.0.1 localhost\n");
            String vaultUrl = "https://" + KeyVaultServer.VAULT_HOST + ":" + java.net.URI.create(vault.url()).getPort();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), "com.silenttalk.automation.local.cli.Opsctl",
                    "rotate", "--target", db.targetUrl(), "--store", "azure:" + vaultUrl + "/secrets/app-db",
                    "--strategy", "alternating-users", "--admin-url", db.adminUrl(), "--ledger", work.resolve("ledger").toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("IDENTITY_") || k.startsWith("MSI_")
                    || k.startsWith("OPSCTL_"));
            pb.environment().put("IDENTITY_ENDPOINT", vault.url() + "/msi/token");
            pb.environment().put("IDENTITY_HEADER", "opsctl-test-identity-header");
            pb.environment().put("OPSCTL_ROTATE_ADMIN_PASSWORD", db.adminPassword());
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

            assertThat(process.exitValue()).as(output).isZero();
            JsonNode live = JSON.readTree(vault.live("app-db").value);
            String fresh = live.path("password").asText();
            assertThat(live.path("username").asText()).isEqualTo(db.app + "_clone");
            assertThat(logsIn(db, db.app + "_clone", fresh)).isTrue();
            assertThat(logsIn(db, db.app, new String(OLD))).as("alternating users: the old login lasts one more rotation").isTrue();
            assertThat(vault.live("app-db").tags).containsEntry("rotation-stage", "CURRENT");
            List<String> writes = new ArrayList<>(vault.writes());
            assertThat(writes).containsExactly("PUT /secrets/app-db-pending", "PUT /secrets/app-db-pending", "PUT /secrets/app-db",
                    "PATCH /secrets/app-db/" + v0, "PATCH /secrets/app-db-pending/" + vault.versionsOf("app-db-pending").get(1).version);
            assertThat(vault.authenticatedRequests()).allMatch(r -> r.getHeader("Authorization").equals("Bearer " + KeyVaultServer.TOKEN));
            assertThat(output).contains("finishSecret: promoted").doesNotContain(new String(OLD)).doesNotContain(fresh)
                    .doesNotContain(db.adminPassword());
        }
    }
}
