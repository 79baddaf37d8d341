package com.silenttalk.automation.aws.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.silenttalk.automation.aws.testing.RdsApi.dbInstance;
import static com.silenttalk.automation.aws.testing.RdsApi.describeInstances;
import static com.silenttalk.automation.aws.testing.RdsApi.instanceNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.aws.backup.JdbcSnapshotCensus;
import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.drill.DrillStepHandlerTest.MutableClock;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A drill of the copy one would restore in a disaster: an AWS Backup recovery point in the locked DR vault. WireMock
 * speaks AWS Backup's REST-JSON protocol (the requests asserted against the documented API, the documented response
 * bodies replayed) and RDS's Query protocol; the restored instance is a real PostgreSQL checked against the census
 * manifest of the recovery point's window; manifests and reports go to S3Mock.
 */
@ExtendWith({S3Mock.class, Postgres.class})
class RecoveryPointDrillTest {
    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final String VAULT = "silenttalk-production-dr";
    static final String ROLE = "arn:aws:iam::123456789012:role/st-drill-restore";
    static final String INSTANCE = "drill-orders-20260301t0200z";
    /** The DR copy the plan made of the 00:00 backup, and the one of the window before. */
    static final String NEWEST = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:copyjob-5e1f0c2a-7d4b-4a8e-9c31-2f6b8d0e4a17";
    static final String OLDER = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:copyjob-0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
    static final String CREATING = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:copyjob-ffffffff-0000-4000-8000-000000000000";
    static final Instant NEWEST_CREATED = Instant.parse("2026-03-01T00:40:00Z");
    static final Instant DELETE_AT = Instant.parse("2026-03-31T00:40:00Z");
    static final String SOURCE_ARN = "arn:aws:rds:eu-west-1:123456789012:db:orders";

    RdsApi api;
    AwsClients clients;
    AwsClients s3Clients;
    S3Client s3;
    String bucket;
    final Lines lines = new Lines();
    final AwsSettings settings = TestSettings.settings();
    final RecoveryPointSettings vaultSettings = new RecoveryPointSettings(CopyKind.SUITE_SNAPSHOT, Optional.of(VAULT),
            Optional.of(ROLE));

    @BeforeEach
    void start(LocalProcessServer s3mock) {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        s3Clients = TestAws.clients(s3mock.endpoint());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        // the suite's own snapshot of the window in the primary region: no lock
        api.on("DescribeDBSnapshots", 200, RdsApi.describeSnapshots(RdsApi.dbSnapshot("st-auto-orders-20260301t0000z",
                "orders", TestAws.PRIMARY, "available", Instant.parse("2026-03-01T00:00:04Z"), Map.of(
                        com.silenttalk.automation.aws.backup.SuiteTags.CREATED_BY,
                        com.silenttalk.automation.aws.backup.SuiteTags.CREATED_BY_VALUE,
                        com.silenttalk.automation.aws.backup.SuiteTags.DATABASE, "orders"))));
        api.on("DescribeDBClusterSnapshots", 200, RdsApi.describeClusterSnapshots());
        api.on("DescribeDBClusters", 404, RdsApi.clusterNotFound(INSTANCE));
        api.on("DeleteDBInstance", 200, RdsApi.response("DeleteDBInstance", dbInstance(INSTANCE, "deleting", "h")));
        backup(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/")), 200, "{\"RecoveryPoints\": []}");
        backup(get(urlPathEqualTo("/backup-vaults/" + VAULT + "/recovery-points/"))
                .withQueryParam("resourceArn", equalTo(SOURCE_ARN)).atPriority(1), 200, """
                {"NextToken": null, "RecoveryPoints": [
                  %s, %s, %s
                ]}""".formatted(recoveryPoint(CREATING, "2026-03-01T01:40:00Z", "CREATING"),
                recoveryPoint(NEWEST, NEWEST_CREATED.toString(), "COMPLETED"),
                recoveryPoint(OLDER, "2026-02-28T18:40:00Z", "COMPLETED")));
        backup(get(urlPathMatching("/backup-vaults/" + VAULT + "/recovery-points/[^/]+/restore-metadata")), 200, """
                {"BackupVaultArn": "arn:aws:backup:eu-central-1:123456789012:backup-vault:%s",
                 "RecoveryPointArn": "%s",
                 "RestoreMetadata": {"DBInstanceIdentifier": "orders", "Engine": "postgres", "DBInstanceClass": "db.r6g.large",
                   "DBSubnetGroupName": "production-private", "MultiAZ": "true", "PubliclyAccessible": "false",
                   "AvailabilityZone": "eu-west-1a", "Port": "5432"}}""".formatted(VAULT, NEWEST));
        backup(put(urlPathEqualTo("/restore-jobs")), 200, "{\"RestoreJobId\": \"7E3D5B2A-1C9F-4E8D-B6A5-0F1E2D3C4B5A\"}");
        backup(get(urlPathEqualTo("/backup-vaults/" + VAULT)), 200, """
                {"BackupVaultName": "%s", "BackupVaultArn": "arn:aws:backup:eu-central-1:123456789012:backup-vault:%s",
                 "Locked": true, "MinRetentionDays": 30, "LockDate": 1767225600, "NumberOfRecoveryPoints": 240}"""
                .formatted(VAULT, VAULT));
        backup(get(urlPathMatching("/backup-vaults/" + VAULT + "/recovery-points/arn[^/]+")), 200, """
                {"RecoveryPointArn": "%s", "BackupVaultName": "%s", "ResourceArn": "%s", "ResourceType": "RDS",
                 "Status": "COMPLETED", "CreationDate": %d, "CalculatedLifecycle": {"DeleteAt": %d}}"""
                .formatted(NEWEST, VAULT, SOURCE_ARN, NEWEST_CREATED.getEpochSecond(), DELETE_AT.getEpochSecond()));
        backup(post(urlPathMatching("/tags/.+")), 200, "{}");
        backup(get(urlPathMatching("/tags/.+")), 200, "{\"Tags\": {}}");
    }

    @AfterEach
    void stop() {
        clients.close();
        s3Clients.close();
        api.close();
    }

    void backup(com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String json) {
        api.server().stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(json)));
    }

    static String recoveryPoint(String arn, String created, String status) {
        return """
                {"RecoveryPointArn": "%s", "BackupVaultName": "%s", "ResourceArn": "%s", "ResourceType": "RDS",
                 "Status": "%s", "CreationDate": %d, "CalculatedLifecycle": {"DeleteAt": %d}, "IsEncrypted": true}"""
                .formatted(arn, VAULT, SOURCE_ARN, status, Instant.parse(created).getEpochSecond(),
                        Instant.parse(created).plusSeconds(30L * 86400).getEpochSecond());
    }

    /** DescribeRestoreJob answers in this order, the last one from then on. */
    void restoreJobAnswers(String... bodies) {
        String scenario = "restore-job";
        for (int i = 0; i < bodies.length; i++) {
            api.server().stubFor(get(urlPathMatching("/restore-jobs/.+")).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "poll-" + i)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(bodies[i]))
                    .willSetStateTo(i + 1 < bodies.length ? "poll-" + (i + 1) : "poll-" + i));
        }
    }

    static String job(String status, String extra) {
        return "{\"RestoreJobId\": \"7E3D5B2A-1C9F-4E8D-B6A5-0F1E2D3C4B5A\", \"RecoveryPointArn\": \"" + NEWEST
                + "\", \"Status\": \"" + status + "\", \"ResourceType\": \"RDS\", \"CreationDate\": 1772330460" + extra + "}";
    }

    List<LoggedRequest> backupRequests(String method, String pathPrefix) {
        return api.server().findAll(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*"))).stream()
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().startsWith(pathPrefix)).toList();
    }

    DrillStepHandler handler(com.silenttalk.automation.core.drill.DatabaseInspector inspector, S3ManifestSource manifests,
                             java.time.Clock clock) {
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), manifests, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), manifests, clock);
        RdsRestorer rds = new RdsRestorer(clients.rds(TestAws.DR), TestAws.DR, TestSettings.DRILL, settings::kindOf);
        RecoveryPointStore vault = new RecoveryPointStore(() -> clients.backup(TestAws.DR), TestAws.DR, VAULT,
                TestAws.PRIMARY, TestAws.ACCOUNT, settings.databases(), manifests, settings.policy().interval());
        RecoveryPointRestorer restorer = new RecoveryPointRestorer(() -> clients.backup(TestAws.DR), rds, TestAws.DR, VAULT,
                ROLE, TestSettings.DRILL, settings::kindOf);
        return new DrillStepHandler(settings, primary, dr, new RdsCrossRegionCopier(dr, clients.rds(TestAws.DR),
                TestAws.ACCOUNT, settings.drKmsKeyId(), settings::kindOf), rds, inspector, new InMemoryRunLedger(),
                new S3ReportWriter(s3, bucket), clock, lines.log(DrillStepHandler.NAME), vaultSettings, vault, restorer);
    }

    /** The census of the 00:00 window, kept where the drill reads manifests; the source is the restored copy too. */
    S3ManifestSource censusOf(Postgres.Server pg) throws Exception {
        DrillStepHandlerTest.freshSource(pg);
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        new JdbcSnapshotCensus(new AwsSettings.Census(Map.of(new DatabaseId("orders"), DrillStepHandlerTest.CENSUS_SECRET),
                DrillStepHandlerTest.TOLERANCE), arn -> DrillStepHandlerTest.secret(DrillStepHandlerTest.CENSUS_SECRET, pg),
                manifests, "prefer", lines.log("snapshot-census"))
                .measureAndKeep(new DatabaseId("orders"), new SnapshotId("st-auto-orders-20260301t0000z"),
                        Instant.parse("2026-03-01T00:00:02Z")).orElseThrow();
        return manifests;
    }

    List<Map<String, Object>> runLoop(DrillStepHandler handler, Map<String, Object> start, MutableClock clock) {
        List<Map<String, Object>> turns = new ArrayList<>();
        Map<String, Object> input = start;
        for (int turn = 0; turn < 20; turn++) {
            Map<String, Object> out = handler.handleRequest(Json.toMap(input), null);
            turns.add(out);
            if (Boolean.TRUE.equals(out.get("done"))) {
                return turns;
            }
            clock.advanceSeconds(((Number) out.get("waitSeconds")).longValue());
            input = Json.fromMap(Json.MAPPER.convertValue(out, Map.class), Map.class);
        }
        throw new AssertionError("drill did not finish in 20 turns");
    }

    static final Map<String, Object> START = Map.of("database", "orders", "copy", "recovery-point");

    @Test
    void handleRequest_whenDrillingTheNewestRecoveryPoint_startsOneRestoreJobAsDocumentedPollsItAndVerifiesAndDeletes(
            Postgres.Server pg) throws Exception {
        S3ManifestSource manifests = censusOf(pg);
        restoreJobAnswers(job("RUNNING", ", \"PercentDone\": \"40.00%\""),
                job("COMPLETED", ", \"PercentDone\": \"100.00%\", \"CreatedResourceArn\": \"arn:aws:rds:eu-central-1:123456789012:db:"
                        + INSTANCE + "\""));
        String available = describeInstances(dbInstance(INSTANCE, "available", "127.0.0.1", pg.port()));
        api.sequence("DescribeDBInstances", List.of(new RdsApi.Answer(404, instanceNotFound(INSTANCE)),
                new RdsApi.Answer(200, available), new RdsApi.Answer(200, available),
                new RdsApi.Answer(404, instanceNotFound(INSTANCE))));
        api.server().stubFor(get(urlPathMatching("/tags/.*copyjob-5e1f0c2a-7d4b-4a8e-9c31-2f6b8d0e4a17/?")).atPriority(1).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"Tags\": {\"silenttalk:verification\": \"VERIFIED\"}}")));
        MutableClock clock = new MutableClock(NOW);
        JdbcRestoreInspector inspector = new JdbcRestoreInspector(new SecretsManagerRestoreCredentials(
                arn -> DrillStepHandlerTest.secret(TestSettings.DRILL.masterSecretArn(), pg)), "prefer");

        List<Map<String, Object>> turns = runLoop(handler(inspector, manifests, clock), START, clock);

        // the documented request: PUT /restore-jobs with the recovery point, the role, one token, RDS, the metadata
        List<LoggedRequest> starts = backupRequests("PUT", "/restore-jobs");
        assertThat(starts).hasSize(1);
        JsonNode body = Json.MAPPER.readTree(starts.get(0).getBodyAsString());
        assertThat(body.path("RecoveryPointArn").asText()).isEqualTo(NEWEST);
        assertThat(body.path("IamRoleArn").asText()).isEqualTo(ROLE);
        assertThat(body.path("IdempotencyToken").asText()).isEqualTo(INSTANCE);
        assertThat(body.path("ResourceType").asText()).isEqualTo("RDS");
        JsonNode metadata = body.path("Metadata");
        assertThat(metadata.path("DBInstanceIdentifier").asText()).isEqualTo(INSTANCE);
        assertThat(metadata.path("DBSubnetGroupName").asText()).isEqualTo("st-drill-isolated");
        assertThat(metadata.path("VpcSecurityGroupIds").asText()).isEqualTo("[\"sg-0drill0000000001\"]");
        assertThat(metadata.path("DBInstanceClass").asText()).isEqualTo("db.t4g.medium");
        assertThat(metadata.path("PubliclyAccessible").asText()).isEqualTo("false");
        assertThat(metadata.path("MultiAZ").asText()).isEqualTo("false");
        assertThat(metadata.path("Engine").asText()).as("kept from GetRecoveryPointRestoreMetadata").isEqualTo("postgres");
        // polled to completion, then verified, then deleted
        assertThat(backupRequests("GET", "/restore-jobs/7E3D5B2A-1C9F-4E8D-B6A5-0F1E2D3C4B5A")).hasSize(2);
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
        assertThat(api.requests("DeleteDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", INSTANCE).containsEntry("SkipFinalSnapshot", "true"));
        Map<String, Object> last = turns.get(turns.size() - 1);
        JsonNode report = Json.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key((String) last.get("reportKey")))
                .asUtf8String());
        // every check holds but tls: the throwaway server offers none, and the Lambda requires it (RDS offers it)
        List<String> failed = new ArrayList<>();
        report.path("checks").forEach(c -> {
            if (!c.path("passed").asBoolean()) {
                failed.add(c.path("name").asText());
            }
        });
        assertThat(failed).containsExactly("tls");
        assertThat(report.path("copyKind").asText()).isEqualTo("VAULT_RECOVERY_POINT");
        assertThat(report.path("copy").asText()).isEqualTo(NEWEST);
        assertThat(report.path("snapshotId").asText()).isEqualTo("rp-copyjob-5e1f0c2a-7d4b-4a8e-9c31-2f6b8d0e4a17");
        assertThat(report.toString()).contains("\"name\":\"snapshot-marker\",\"passed\":true");
        // the verification is a tag on the recovery point, and the evidence reads the vault's lock back
        List<LoggedRequest> tags = backupRequests("POST", "/tags/");
        assertThat(tags).singleElement().satisfies(t -> {
            assertThat(URLDecoder.decode(t.getUrl(), StandardCharsets.UTF_8)).isEqualTo("/tags/" + NEWEST);
            assertThat(Json.MAPPER.readTree(t.getBodyAsString()).path("Tags").path("silenttalk:verification").asText())
                    .isEqualTo("VERIFIED");
        });
        JsonNode regions = report.path("protection").path("regions");
        assertThat(regions.get(0).path("region").asText()).isEqualTo(TestAws.PRIMARY);
        assertThat(regions.get(0).path("lock").path("immutability").asText()).isEqualTo("NOT_IMMUTABLE");
        assertThat(regions.get(1).path("region").asText()).isEqualTo(TestAws.DR);
        assertThat(regions.get(1).path("lock").path("immutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(Instant.parse(regions.get(1).path("lock").path("retainUntil").asText())).isEqualTo(DELETE_AT);
        assertThat(regions.get(1).path("lock").path("mode").asText()).isEqualTo("VAULT_LOCK_COMPLIANCE");
        assertThat(report.path("protection").path("newestVerifiedCopyDeletable").asBoolean())
                .as(report.path("protection").path("finding").asText()).isFalse();
        assertThat(report.path("protection").path("newestVerifiedCopy").asText())
                .isEqualTo(TestAws.DR + "/rp-copyjob-5e1f0c2a-7d4b-4a8e-9c31-2f6b8d0e4a17");
    }

    @Test
    void handleRequest_whenTheRestoreJobFails_reportsTheJobsMessageAndLeavesNoInstance(Postgres.Server pg) throws Exception {
        S3ManifestSource manifests = censusOf(pg);
        restoreJobAnswers(job("FAILED", ", \"StatusMessage\": \"Access denied to KMS key arn:aws:kms:eu-central-1:123456789012:key/dr\""));
        api.on("DescribeDBInstances", 404, instanceNotFound(INSTANCE));
        MutableClock clock = new MutableClock(NOW);

        List<Map<String, Object>> turns = runLoop(handler((i, p) -> {
            throw new AssertionError("nothing to inspect");
        }, manifests, clock), START, clock);

        Map<String, Object> last = turns.get(turns.size() - 1);
        assertThat(last).containsEntry("passed", false);
        assertThat((String) last.get("summary")).contains("step restore failed")
                .contains("restore job 7E3D5B2A-1C9F-4E8D-B6A5-0F1E2D3C4B5A of " + NEWEST + " ended FAILED: Access denied to KMS key");
        assertThat(api.requests("DeleteDBInstance")).isEmpty();
        assertThat(backupRequests("POST", "/tags/")).isEmpty(); // a restore that never happened proves nothing either way
    }

    @Test
    void handleRequest_whenNoRecoveryPointHasACensusManifest_refusesBeforeStartingAJob() {
        DrillStepHandler handler = handler((i, p) -> null, new S3ManifestSource(s3, bucket), new MutableClock(NOW));

        assertThatThrownBy(() -> handler.handleRequest(START, null)).hasMessageContaining("has no census manifest")
                .hasMessageContaining(NEWEST);
        assertThat(backupRequests("PUT", "/restore-jobs")).isEmpty();
    }

    @Test
    void handleRequest_whenARecoveryPointDrillIsAskedWithNoVaultConfigured_rejectsNamingTheVariable() {
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), com.silenttalk.automation.aws.backup.ManifestSource.NONE, new MutableClock(NOW));
        DrillStepHandler snapshotsOnly = new DrillStepHandler(settings, dr, dr, new RdsCrossRegionCopier(dr,
                clients.rds(TestAws.DR), TestAws.ACCOUNT, settings.drKmsKeyId(), settings::kindOf),
                new RdsRestorer(clients.rds(TestAws.DR), TestAws.DR, TestSettings.DRILL), (i, p) -> null,
                new InMemoryRunLedger(), new S3ReportWriter(s3, bucket), new MutableClock(NOW), lines.log(DrillStepHandler.NAME));

        assertThatThrownBy(() -> snapshotsOnly.handleRequest(START, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("ST_DR_BACKUP_VAULT:");
        assertThat(api.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenTheDatabaseIsAnAuroraCluster_refusesRecoveryPointDrillsBeforeCallingAnything() {
        DrillStepHandler handler = handler((i, p) -> null, new S3ManifestSource(s3, bucket), new MutableClock(NOW));

        assertThatThrownBy(() -> handler.handleRequest(Map.of("database", "chat", "copy", "recovery-point"), null))
                .hasMessageContaining("chat is an Aurora cluster");
        assertThat(api.server().getAllServeEvents()).isEmpty();
    }
}
