package com.silenttalk.automation.local.status;

import static com.silenttalk.automation.core.status.KnownHistory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.drill.S3ReportWriter;
import com.silenttalk.automation.aws.ledger.DynamoDbLedgerTable;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.AwsStorage;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.azure.drill.BlobReportWriter;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.StorageAccount;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.status.KnownHistory;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same known history, written by each runner's own adapters (the file ledger and drill
 * journal; DynamoDB on dynalite and the report bucket on S3Mock; Table and Blob storage on
 * azurite), must give the same answer from {@code opsctl status}, {@code --cloud aws} and
 * {@code --cloud azure}: verdicts, every reason, the platform part and the exit code.
 */
@ExtendWith({AwsStorage.class, Azurite.class})
class StatusCloudParityTest {
    private static final Clock AT = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path work;
    static OpsctlRun local;

    /** One history for every runner: each database's kind of trouble, and the platform's. */
    private static void play(RunLedger ledger, Consumer<com.silenttalk.automation.core.drill.DrillState> finished) {
        new KnownHistory(ledger, finished).healthy("chat").staleAndFailing("orders").undrilled("audit").unlockedCopies("media")
                .rotation("app-db", NOW.minus(Duration.ofDays(45))).rotation("cache-auth", NOW.minus(Duration.ofDays(3)))
                .failedRotation("cache-auth", NOW.minus(Duration.ofDays(1)))
                .pendingFailoverPlan("orders-pair", NOW.minus(Duration.ofMinutes(10)))
                .deadLetter("orders-cpu-high", NOW.minus(Duration.ofHours(2)));
    }

    @BeforeAll
    static void local() throws Exception {
        Files.writeString(work.resolve("opsctl.yaml"), "stateDir: state\nsource:\n  database: chat\n");
        OpsConfig config = ConfigLoader.load(work.resolve("opsctl.yaml"), Map.of(), work);
        play(new FileRunLedger(config.ledgerDir()), new DrillJournal(config.journalDir())::save);
        local = OpsctlRun.in(work, Map.of(), AT, "status", "--json");
        assertThat(local.exitCode()).as(local.toString()).isEqualTo(1);
    }

    @Test
    void statusCloudAws_onTheLedgerAndReportsTheFunctionsWrite_givesTheSameAnswerAsLocal(AwsStorage.Servers aws) throws Exception {
        String table = "st-ledger-" + UUID.randomUUID().toString().substring(0, 8);
        String bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        try (AwsClients dynamoClients = TestAws.clients(aws.dynamo().endpoint()); AwsClients s3Clients = TestAws.clients(aws.s3().endpoint())) {
            DynamoDbClient dynamo = dynamoClients.dynamoDb(TestAws.PRIMARY);
            DynamoDbLedgerTable.create(dynamo, table);
            S3Client s3 = s3Clients.s3(TestAws.PRIMARY);
            s3.createBucket(r -> r.bucket(bucket));
            S3ReportWriter reports = new S3ReportWriter(s3, bucket);
            play(new DynamoDbRunLedger(dynamo, table, Duration.ofDays(400)), s -> reports.write(s.report()));
            List<String> before = contents(dynamo, table, s3, bucket);

            statusCloudAws(aws, table, bucket);

            assertThat(contents(dynamo, table, s3, bucket)).as("status reads only").isEqualTo(before);
        }
    }

    /** Every ledger item and every report object (key and ETag), sorted. */
    private static List<String> contents(DynamoDbClient dynamo, String table, S3Client s3, String bucket) {
        List<String> out = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(i -> out.add(i.toString()));
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(o -> out.add(o.key() + " " + o.eTag()));
        Collections.sort(out);
        assertThat(out).isNotEmpty();
        return out;
    }

    private void statusCloudAws(AwsStorage.Servers aws, String table, String bucket) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", TestAws.PRIMARY, "AWS_ACCESS_KEY_ID", TestAws.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", TestAws.SECRET_KEY, "AWS_ENDPOINT_URL_DYNAMODB", aws.dynamo().endpoint(),
                "AWS_ENDPOINT_URL_S3", aws.s3().endpoint(), "ST_LEDGER_TABLE", table, "ST_REPORT_BUCKET", bucket,
                "ST_DATABASES", "chat:instance", "ST_DR_REGION", KnownHistory.DR));

        OpsctlRun run = OpsctlRun.in(work, env, AT, "status", "--cloud", "aws", "--json");

        assertSameAnswer(run);
        assertThat(LocalJson.MAPPER.readTree(run.stdout()).path("source").asText()).isEqualTo(
                "aws: dynamodb " + table + ", s3://" + bucket + " in " + TestAws.PRIMARY);
        assertThat(run.stdout() + run.stderr()).doesNotContain(TestAws.SECRET_KEY);
    }

    @Test
    void statusCloudAzure_onTheLedgerAndReportsTheFunctionsWrite_givesTheSameAnswerAsLocal(Azurite.Accounts accounts) throws Exception {
        String tableName = "stledger" + UUID.randomUUID().toString().substring(0, 8);
        String containerName = "drill-reports-" + UUID.randomUUID().toString().substring(0, 8);
        StorageAccount account = accounts.primary();
        AzureClients clients = TestAzure.clients();
        TableClient table = clients.table(account, tableName);
        table.createTable();
        BlobContainerClient container = clients.container(account, containerName);
        container.create();
        BlobReportWriter reports = new BlobReportWriter(container);
        play(new TableRunLedger(table), s -> reports.write(s.report()));
        List<String> before = contents(table, container);
        Map<String, String> env = Map.of("ST_BACKUP_ACCOUNT", account.name(), "ST_BACKUP_BLOB_ENDPOINT", account.blobEndpoint(),
                "ST_BACKUP_TABLE_ENDPOINT", account.tableEndpoint(), "AZURE_STORAGE_KEY", account.accountKey().orElseThrow(),
                "ST_LEDGER_TABLE", tableName, "ST_REPORT_CONTAINER", containerName, "ST_DATABASES", "chat",
                "ST_PAIRED_REGION", KnownHistory.DR);

        OpsctlRun run = OpsctlRun.in(work, env, AT, "status", "--cloud", "azure", "--json");

        assertSameAnswer(run);
        assertThat(run.stdout() + run.stderr()).doesNotContain(account.accountKey().orElseThrow());
        assertThat(contents(table, container)).as("status reads only").isEqualTo(before);
    }

    /** Every ledger entity (keys and ETag) and every report blob (name and ETag), sorted. */
    private static List<String> contents(TableClient table, BlobContainerClient container) {
        List<String> out = new ArrayList<>();
        table.listEntities().forEach(e -> out.add(e.getPartitionKey() + "/" + e.getRowKey() + " " + e.getETag()));
        container.listBlobs().forEach(b -> out.add(b.getName() + " " + b.getProperties().getETag()));
        Collections.sort(out);
        assertThat(out).isNotEmpty();
        return out;
    }

    /** Everything but where it was read from: verdicts, reasons, regions, drills, the platform, the exit code. */
    private static void assertSameAnswer(OpsctlRun cloud) throws Exception {
        assertThat(cloud.exitCode()).as(cloud.toString()).isEqualTo(local.exitCode());
        JsonNode expected = LocalJson.MAPPER.readTree(local.stdout());
        JsonNode actual = LocalJson.MAPPER.readTree(cloud.stdout());
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("source");
        ((com.fasterxml.jackson.databind.node.ObjectNode) actual).remove("source");
        assertThat(actual.path("databases")).extracting(d -> d.path("database").asText() + "=" + d.path("verdict").asText())
                .containsExactly("audit=AT RISK", "chat=AT RISK", "media=AT RISK", "orders=AT RISK");
        for (int i = 0; i < expected.path("databases").size(); i++) {
            assertThat(actual.path("databases").get(i).path("reasons")).as("reasons of " + expected.path("databases").get(i)
                    .path("database")).isEqualTo(expected.path("databases").get(i).path("reasons"));
        }
        assertThat(actual).isEqualTo(expected);
    }
}
