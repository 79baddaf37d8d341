package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.drill.S3ReportWriter;
import com.silenttalk.automation.aws.ledger.DynamoDbLedgerTable;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.status.AwsStatusEvidence;
import com.silenttalk.automation.aws.testing.AwsStorage;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.azure.backup.BackupBlobs;
import com.silenttalk.automation.azure.drill.BlobReportWriter;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.DurableStepLoop;
import com.silenttalk.automation.azure.status.AzureStatusEvidence;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.RoleDefinition;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.SourceTls;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.CopyProtection;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.FailureKind;
import com.silenttalk.automation.core.drill.RegionImmutability;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.core.drill.StepTiming;
import com.silenttalk.automation.core.drill.TableCount;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.FailoverTiming;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.drill.DrillReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The core records a runner persists or hands between steps have one JSON form: written by each
 * runner's own adapter (S3 on S3Mock and the Step Functions state on AWS; Blob storage on azurite and
 * the Durable Functions state on Azure; opsctl's files), the bytes are the same, and every runner's
 * reader gives back an equal record from the bytes any runner wrote.
 */
@ExtendWith({AwsStorage.class, Azurite.class})
class CoreRecordsAcrossRunnersTest {
    private static final Instant T0 = Instant.parse("2026-11-25T19:30:00.125Z");
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final SnapshotId SNAPSHOT = new SnapshotId("st-auto-chat-20261125t1800z");
    /** What the Lambda runtime does with a handler's Map: plain Jackson, as Step Functions then carries it. */
    private static final ObjectMapper LAMBDA_RUNTIME = new ObjectMapper();

    @TempDir
    Path work;

    /** One runner's adapter: what it stores for a record, and what it reads from bytes anyone stored. */
    interface Store<T> {
        byte[] write(T record);

        T read(byte[] stored);
    }

    /** Writes only: the runner persists the record but never reads it back (opsctl's drill-report.json). */
    interface Writer<T> {
        byte[] write(T record);
    }

    // ---- the records ------------------------------------------------------------------------

    static final SnapshotManifest LOGICAL = SnapshotManifest.logical(SNAPSHOT, CHAT, T0.minus(Duration.ofHours(1)), "15.8",
            new ObjectInventory(Map.of(ObjectInventory.SCHEMA, Map.of("public.users", "table users (id bigint)",
                    "public.messages", "table messages (body text)"), ObjectInventory.SEQUENCES, Map.of("public.users_id_seq", "101"))),
            Map.of("public.users", 100L, "public.messages", 2500L, "public.audit", 0L, "public.zones", 7L), "ab".repeat(32), 1_048_576)
            .describingSource(new SourceIdentity("db.internal", 5432, "chat", "7301234567890123456", "15.8"),
                    new SourceTls(true, "TLSv1.3", "TLS_AES_256_GCM_SHA384", "verify-full", true),
                    new RestoreScope(List.of(new RoleDefinition("app", List.of("CREATEDB"))), Map.of("pgcrypto", "1.3", "citext", "1.6"),
                            List.of("tablespaces")));

    static final SnapshotManifest AT_MARKER = SnapshotManifest.atMarker(new SnapshotId("rds-chat-20261125t1800z"), CHAT,
            new SnapshotMarker("0f8fad5b-d9cb-469f-a165-70867728950e", T0.minus(Duration.ofHours(2))), "15.8",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Map.of("public.users", 100L),
            new CountTolerance(0.05, 10));

    static final DrillReport REPORT = new DrillReport("r20261125t1930z", "chat", SNAPSHOT.value(), "eu-west-1", "eu-central-1",
            T0, T0.plus(Duration.ofMinutes(28)),
            List.of(new StepTiming(DrillStep.SNAPSHOT, T0, T0.plusSeconds(60), 1_048_576, "dumped"),
                    new StepTiming(DrillStep.RESTORE, T0.plusSeconds(60), T0.plusSeconds(1500), 1_048_576, "restored in 23 min")),
            List.of(new CheckResult("counts", true, "4 tables, every count équal"), new CheckResult("probe admins", false, "got 3, expected 2")),
            List.of(new TableCount("public.users", 100, 100), new TableCount("public.messages", 2500, 2499)),
            Duration.ofMinutes(28), Duration.ofMinutes(30), Duration.ofMinutes(90), Duration.ofHours(6), "probe admins: got 3",
            false, CopyKind.SUITE_SNAPSHOT, SNAPSHOT.value(),
            new CopyProtection(List.of(new RegionImmutability("eu-central-1", SNAPSHOT.value(),
                    new CopyLock(Immutability.IMMUTABLE, T0.plus(Duration.ofDays(35)), "COMPLIANCE", false, "GetObjectRetention"))),
                    SNAPSHOT.value(), false, "the newest verified copy is locked"),
            FailureKind.CHECK);

    static final DrillRequest REQUEST = new DrillRequest(CHAT, Duration.ofHours(6), "eu-central-1", DrillTargets.DEFAULT,
            List.of(new SqlProbe("admins", "select count(*) from users where admin", "2")), true,
            new SourceIdentity("db.internal", 5432, "chat", null, null), false);

    static final DrillState DRILL_STATE = new DrillState("r20261125t1930z", REQUEST, "eu-west-1", T0, DrillStep.DONE,
            T0.plus(Duration.ofMinutes(28)),
            new Snapshot(SNAPSHOT, CHAT, "eu-west-1", T0.minus(Duration.ofHours(1)), true, VerificationStatus.VERIFIED, Optional.empty(),
                    CopyKind.SUITE_SNAPSHOT, "/var/lib/silenttalk/eu-west-1/" + SNAPSHOT.value()),
            LOGICAL,
            new Snapshot(SNAPSHOT, CHAT, "eu-central-1", T0.plusSeconds(90), true, VerificationStatus.UNVERIFIED,
                    Optional.of(new SnapshotRef("eu-west-1", SNAPSHOT)), CopyKind.SUITE_SNAPSHOT, null),
            new RestoredInstance("drill-r20261125t1930z", "127.0.0.1", 55432, "chat", "secret-ref:drill",
                    Map.of("port", "55432", "engine", "postgres", "arn", "none")),
            T0.plusSeconds(60), T0.plusSeconds(1500), REPORT.checks(), REPORT.tables(), REPORT.steps(), "probe admins: got 3", 1,
            REPORT, null, FailureKind.CHECK);

    static final FailoverState FAILOVER_STATE = new FailoverState(
            new FailoverPlan("plan-orders-20261125t1930z", "orders-pair", "eu-west-1", "eu-central-1", false, true, T0,
                    T0.plus(Duration.ofMinutes(15)), List.of("primary unreachable for 3 min", "replica lag 0 bytes")),
            FailoverStep.SWITCH_TRAFFIC, T0, T0.plusSeconds(95),
            List.of(new FailoverTiming(FailoverStep.FENCE, T0, T0.plusSeconds(20), "fenced"),
                    new FailoverTiming(FailoverStep.PROMOTE, T0.plusSeconds(20), T0.plusSeconds(95), "promoted")),
            false, false, null, 0, T0.plusSeconds(95), T0.plus(Duration.ofMinutes(5)));

    /** A drill state as the oldest writer left it: only what a started drill has, no field added since. */
    private static final String OLDEST_DRILL_STATE = "{\"runId\":\"seed\",\"request\":{\"database\":\"chat\",\"snapshotInterval\":\"PT6H\","
            + "\"drillRegion\":\"eu-central-1\",\"targets\":{\"rto\":\"PT30M\",\"rpo\":\"PT6H\"},\"probes\":[],\"requireTls\":true},"
            + "\"sourceRegion\":\"eu-west-1\",\"startedAt\":\"2026-11-25T19:30:00Z\",\"step\":\"SNAPSHOT\",\"stepStartedAt\":\"2026-11-25T19:30:00Z\"}";
    private static final String OLDEST_FAILOVER_STATE = "{\"plan\":{\"planId\":\"seed\",\"group\":\"orders-pair\",\"from\":\"eu-west-1\","
            + "\"to\":\"eu-central-1\",\"planned\":true,\"allowDataLoss\":false,\"createdAt\":\"2026-11-25T19:30:00Z\","
            + "\"expiresAt\":\"2026-11-25T19:45:00Z\",\"reasons\":[]},\"step\":\"FENCE\",\"startedAt\":\"2026-11-25T19:30:00Z\","
            + "\"stepStartedAt\":\"2026-11-25T19:30:00Z\",\"timings\":[],\"halted\":false,\"aborted\":false,\"dataLossBytes\":-1}";

    // ---- the tests --------------------------------------------------------------------------

    @Test
    void snapshotManifest_whenWrittenByAnyRunner_isTheSameBytesAndReadsBackEqualOnEveryRunner(AwsStorage.Servers aws,
                                                                                               Azurite.Accounts azure) throws Exception {
        try (AwsClients clients = TestAws.clients(aws.s3().endpoint())) {
            S3Client s3 = clients.s3(TestAws.PRIMARY);
            String bucket = bucket(s3);
            S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
            BackupBlobs blobs = new BackupBlobs(container(azure), "westeurope");
            DirectoryRegion directory = DirectoryRegion.replicaOnly("eu-central-1", work.resolve("region"));
            Map<String, Store<SnapshotManifest>> stores = new LinkedHashMap<>();
            stores.put("aws (S3)", new Store<>() {
                public byte[] write(SnapshotManifest m) {
                    manifests.put(m);
                    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(S3ManifestSource.keyFor(m.snapshotId()))).asByteArray();
                }

                public SnapshotManifest read(byte[] stored) {
                    s3.putObject(r -> r.bucket(bucket).key(S3ManifestSource.keyFor(SNAPSHOT)), RequestBody.fromBytes(stored));
                    return manifests.manifest(SNAPSHOT).orElseThrow();
                }
            });
            stores.put("azure (Blob)", new Store<>() {
                public byte[] write(SnapshotManifest m) {
                    blobs.putManifest(m);
                    return blobs.manifestBlob(m.snapshotId()).downloadContent().toBytes();
                }

                public SnapshotManifest read(byte[] stored) {
                    blobs.manifestBlob(SNAPSHOT).upload(BinaryData.fromBytes(stored), true);
                    return blobs.manifest(SNAPSHOT).orElseThrow();
                }
            });
            stores.put("local (directory region)", new Store<>() {
                public byte[] write(SnapshotManifest m) {
                    Snapshot copy = new Snapshot(m.snapshotId(), m.database(), "eu-west-1", m.consistentPoint(), true,
                            VerificationStatus.UNVERIFIED, Optional.empty(), CopyKind.SUITE_SNAPSHOT, null);
                    directory.commitCopy(copy, m);
                    return readBytes(directory.root().resolve(m.snapshotId().value()).resolve("manifest.json"));
                }

                public SnapshotManifest read(byte[] stored) {
                    writeBytes(directory.root().resolve(SNAPSHOT.value()).resolve("manifest.json"), stored);
                    return directory.manifest(SNAPSHOT).orElseThrow();
                }
            });

            assertSameFormEverywhere(stores, Map.of(), LOGICAL);
            assertSameFormEverywhere(stores, Map.of(), AT_MARKER.describingSource(null, null, null));
        }
    }

    @Test
    void drillReport_whenWrittenByAnyRunner_isTheSameBytesAndReadsBackEqualOnEveryRunner(AwsStorage.Servers aws,
                                                                                          Azurite.Accounts azure) throws Exception {
        try (AwsClients s3Clients = TestAws.clients(aws.s3().endpoint()); AwsClients dynamoClients = TestAws.clients(aws.dynamo().endpoint())) {
            S3Client s3 = s3Clients.s3(TestAws.PRIMARY);
            DynamoDbClient dynamo = dynamoClients.dynamoDb(TestAws.PRIMARY);
            String table = "st-ledger-" + UUID.randomUUID().toString().substring(0, 8);
            DynamoDbLedgerTable.create(dynamo, table);
            TableClient ledger = TestAzure.clients().table(azure.primary(), "stledger" + UUID.randomUUID().toString().substring(0, 8));
            ledger.createTable();
            Map<String, Store<DrillReport>> stores = new LinkedHashMap<>();
            stores.put("aws (S3, read by status)", new Store<>() {
                public byte[] write(DrillReport r) {
                    String bucket = bucket(s3);
                    String key = new S3ReportWriter(s3, bucket).write(r);
                    return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
                }

                public DrillReport read(byte[] stored) {
                    String bucket = bucket(s3);
                    s3.putObject(r -> r.bucket(bucket).key(S3ReportWriter.PREFIX + "chat/stored.json"), RequestBody.fromBytes(stored));
                    return only(new AwsStatusEvidence(dynamo, table, s3, bucket, List.of(CHAT)).read().drills());
                }
            });
            stores.put("azure (Blob, read by status)", new Store<>() {
                public byte[] write(DrillReport r) {
                    BlobContainerClient container = container(azure);
                    new BlobReportWriter(container).write(r);
                    return container.getBlobClient(BlobReportWriter.PREFIX + r.runId() + ".json").downloadContent().toBytes();
                }

                public DrillReport read(byte[] stored) {
                    BlobContainerClient container = container(azure);
                    container.getBlobClient(BlobReportWriter.PREFIX + "stored.json").upload(BinaryData.fromBytes(stored), true);
                    return only(new AzureStatusEvidence(ledger, container, List.of(CHAT)).read().drills());
                }
            });
            Writer<DrillReport> local = r -> {
                Path dir = fresh("report");
                DrillReportWriter.write(r, dir);
                return readBytes(dir.resolve(DrillReportWriter.JSON));
            };

            assertSameFormEverywhere(stores, Map.of("local (drill-report.json)", local), REPORT);
        }
    }

    @Test
    void drillState_whenWrittenByAnyRunner_isTheSameBytesAndReadsBackEqualOnEveryRunner() {
        Map<String, Store<DrillState>> stores = new LinkedHashMap<>();
        stores.put("aws (Step Functions state)", stepFunctionsState(DrillState.class));
        stores.put("azure (Durable Functions state)", durableState(DrillState.class, OLDEST_DRILL_STATE));
        stores.put("local (drill journal)", new Store<>() {
            public byte[] write(DrillState s) {
                Path dir = fresh("journal");
                new DrillJournal(dir).save(s);
                return readBytes(dir.resolve(s.runId() + ".json"));
            }

            public DrillState read(byte[] stored) {
                Path dir = fresh("journal");
                writeBytes(dir.resolve("stored.json"), stored);
                return new DrillJournal(dir).find("stored").orElseThrow();
            }
        });

        assertSameFormEverywhere(stores, Map.of(), DRILL_STATE);
        assertSameFormEverywhere(stores, Map.of(), DurableSeed.read(OLDEST_DRILL_STATE, DrillState.class));
    }

    @Test
    void failoverState_whenWrittenByEitherCloud_isTheSameBytesAndReadsBackEqualOnBoth() {
        Map<String, Store<FailoverState>> stores = new LinkedHashMap<>();
        stores.put("aws (Step Functions state)", stepFunctionsState(FailoverState.class));
        stores.put("azure (Durable Functions state)", durableState(FailoverState.class, OLDEST_FAILOVER_STATE));

        assertSameFormEverywhere(stores, Map.of(), FAILOVER_STATE);
    }

    @Test
    void storedStates_whenWrittenBeforeTheFormWasOne_stillReadOnEveryRunner() {
        // opsctl's journal and the AWS state wrote ids as {"value": ...}, opsctl also the derived "done"
        String older = OLDEST_DRILL_STATE.replace("\"database\":\"chat\"", "\"database\":{\"value\":\"chat\"}")
                .replace("\"step\":\"SNAPSHOT\"", "\"step\":\"SNAPSHOT\",\"done\":false");
        DrillState expected = DurableSeed.read(OLDEST_DRILL_STATE, DrillState.class);

        assertThat(stepFunctionsState(DrillState.class).read(older.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(durableState(DrillState.class, OLDEST_DRILL_STATE).read(older.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        Path dir = fresh("journal");
        writeBytes(dir.resolve("older.json"), older.getBytes(StandardCharsets.UTF_8));
        assertThat(new DrillJournal(dir).find("older")).contains(expected);
    }

    // ---- the runners' state codecs ------------------------------------------------------------

    /** AWS: the step handler returns the state as a Map ({@link Json#toMap}); the Lambda runtime writes it, Step Functions carries it. */
    private static <S> Store<S> stepFunctionsState(Class<S> type) {
        return new Store<>() {
            public byte[] write(S state) {
                try {
                    return LAMBDA_RUNTIME.writeValueAsBytes(Json.toMap(state));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            public S read(byte[] stored) {
                try {
                    return Json.fromMap(LAMBDA_RUNTIME.readValue(stored, Map.class), type);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Azure: the advance activity reads the state the orchestration hands it and answers
     * {@code {"state": ..., "waitSeconds": ..., "done": ...}}; what it wrote for the state is inside.
     */
    private static <S> Store<S> durableState(Class<S> type, String seed) {
        DurableStepLoop<S> loop = new DurableStepLoop<>("advance", type);
        return new Store<>() {
            public byte[] write(S state) {
                String turn = loop.advance(seed, (s, now) -> Advance.continueNow(state), T0, (s, a) -> { });
                String prefix = "{\"state\":";
                String suffix = ",\"waitSeconds\":0,\"done\":false}";
                assertThat(turn).startsWith(prefix).endsWith(suffix);
                return turn.substring(prefix.length(), turn.length() - suffix.length()).getBytes(StandardCharsets.UTF_8);
            }

            public S read(byte[] stored) {
                AtomicReference<S> read = new AtomicReference<>();
                loop.advance(new String(stored, StandardCharsets.UTF_8), (s, now) -> {
                    read.set(s);
                    return Advance.done(s);
                }, T0, (s, a) -> { });
                return read.get();
            }
        };
    }

    /** The seeds, read the way Azure reads an orchestration's state. */
    private static final class DurableSeed {
        static <S> S read(String json, Class<S> type) {
            return durableState(type, json).read(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- the assertion ----------------------------------------------------------------------

    /**
     * Every runner writes {@code record}; all the bytes are the same; every reader gets back an equal
     * record from every runner's bytes. Failures are collected, so one run names every pair that differs.
     */
    private static <T> void assertSameFormEverywhere(Map<String, Store<T>> stores, Map<String, Writer<T>> writeOnly, T record) {
        Map<String, String> written = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        stores.forEach((runner, store) -> write(runner, store::write, record, written, failures));
        writeOnly.forEach((runner, writer) -> write(runner, writer, record, written, failures));
        String first = written.values().stream().findFirst().orElseThrow();
        written.forEach((runner, json) -> {
            if (!json.equals(first)) {
                failures.add(runner + " wrote other bytes than " + written.keySet().iterator().next() + ":\n  " + json + "\n  " + first);
            }
        });
        written.forEach((writer, json) -> stores.forEach((reader, store) -> {
            try {
                T read = store.read(json.getBytes(StandardCharsets.UTF_8));
                if (!record.equals(read)) {
                    failures.add(reader + " read what " + writer + " wrote as another record: " + read);
                }
            } catch (RuntimeException e) {
                failures.add(reader + " cannot read what " + writer + " wrote: " + e);
            }
        }));
        assertThat(failures).as(record.getClass().getSimpleName()).isEmpty();
    }

    private static <T> void write(String runner, Writer<T> writer, T record, Map<String, String> written, List<String> failures) {
        try {
            written.put(runner, new String(writer.write(record), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            failures.add(runner + " cannot write it: " + e);
        }
    }

    // ---- storage ------------------------------------------------------------------------------

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static String bucket(S3Client s3) {
        String bucket = "st-records-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    private static BlobContainerClient container(Azurite.Accounts azure) {
        BlobContainerClient container = TestAzure.clients().container(azure.primary(), "st-records-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        return container;
    }

    private Path fresh(String name) {
        try {
            return Files.createTempDirectory(work, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
