package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbClusterSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

class RdsSnapshotStoreTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:10:00Z");
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final DatabaseId CHAT = new DatabaseId("chat");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final Map<String, String> SUITE = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE,
            SuiteTags.DATABASE, "orders");

    RdsApi api;
    AwsClients clients;
    RdsSnapshotStore store;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        store = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                Map.of(ORDERS, RdsKind.INSTANCE, CHAT, RdsKind.CLUSTER), ManifestSource.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    @Test
    void take_whenNewWindow_sendsCreateDBSnapshotWithWindowIdAndSuiteTags() {
        api.on("CreateDBSnapshot", 200, response("CreateDBSnapshot",
                dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "creating", null, SUITE)));

        Progress<Snapshot> progress = store.take(ORDERS, ID, NOW);

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        List<Map<String, String>> sent = api.requests("CreateDBSnapshot");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).containsEntry("DBInstanceIdentifier", "orders")
                .containsEntry("DBSnapshotIdentifier", "st-auto-orders-20260301t0600z");
        assertThat(RdsApi.tags(sent.get(0))).containsEntry("silenttalk:created-by", "ops-automation")
                .containsEntry("silenttalk:database", "orders");
    }

    @Test
    void take_whenManualSnapshotQuotaIsFull_failsWithQuotaException() {
        api.on("CreateDBSnapshot", 400, RdsApi.MANUAL_QUOTA);

        assertThatThrownBy(() -> store.take(ORDERS, ID, NOW)).isInstanceOf(SnapshotQuotaException.class)
                .hasMessageContaining("quota").hasMessageContaining(ID.value());
    }

    @Test
    void take_whenThrottledThreeTimes_succeedsWithinTheRetryBound() {
        api.sequence("CreateDBSnapshot", List.of(
                new RdsApi.Answer(400, RdsApi.THROTTLING), new RdsApi.Answer(400, RdsApi.THROTTLING),
                new RdsApi.Answer(400, RdsApi.THROTTLING),
                new RdsApi.Answer(200, response("CreateDBSnapshot",
                        dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "creating", null, SUITE)))));

        Progress<Snapshot> progress = store.take(ORDERS, ID, NOW);

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("CreateDBSnapshot")).hasSize(4);
        assertThat(clients.rdsRequestsSent(TestAws.PRIMARY)).isEqualTo(4);
    }

    @Test
    void take_whenThrottlingOutlastsTheRetryBound_failsAfterExactlyMaxAttempts() {
        api.on("CreateDBSnapshot", 400, RdsApi.THROTTLING);

        assertThatThrownBy(() -> store.take(ORDERS, ID, NOW)).isInstanceOf(SdkException.class)
                .hasMessageContaining("Rate exceeded");
        assertThat(api.requests("CreateDBSnapshot")).hasSize(TestAws.FAST_RETRY.maxAttempts());
    }

    @Test
    void take_whenServiceAnswers503_retriesThenSucceeds() {
        api.sequence("CreateDBSnapshot", List.of(
                new RdsApi.Answer(503, RdsApi.error("ServiceUnavailable", "Service unavailable")),
                new RdsApi.Answer(200, response("CreateDBSnapshot",
                        dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "available", NOW, SUITE)))));

        assertThat(store.take(ORDERS, ID, NOW)).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("CreateDBSnapshot")).hasSize(2);
    }

    @Test
    void take_whenDatabaseIsACluster_sendsCreateDBClusterSnapshot() {
        SnapshotId chatId = new SnapshotId("st-auto-chat-20260301t0600z");
        api.on("CreateDBClusterSnapshot", 200, response("CreateDBClusterSnapshot",
                dbClusterSnapshot(chatId.value(), "chat", TestAws.PRIMARY, "creating", null, Map.of())));

        store.take(CHAT, chatId, NOW);

        assertThat(api.requests("CreateDBClusterSnapshot")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("DBClusterIdentifier", "chat")
                    .containsEntry("DBClusterSnapshotIdentifier", chatId.value());
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:created-by", "ops-automation");
        });
        assertThat(api.requests("CreateDBSnapshot")).isEmpty();
    }

    @Test
    void list_whenSuiteAndForeignSnapshotsExist_marksOnlyTaggedOnesAsTheSuites() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots(
                dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(600), Map.of(
                        SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE, SuiteTags.DATABASE, "orders",
                        SuiteTags.VERIFICATION, "VERIFIED", SuiteTags.COPIED_FROM, "us-east-1/" + ID.value())),
                dbSnapshot("hand-made-before-upgrade", "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(9000),
                        Map.of())));
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());

        List<Snapshot> listed = store.list();

        assertThat(listed).hasSize(2);
        Snapshot ours = listed.stream().filter(s -> s.id().equals(ID)).findFirst().orElseThrow();
        assertThat(ours.createdBySuite()).isTrue();
        assertThat(ours.verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(ours.copiedFrom()).contains(new SnapshotRef("us-east-1", ID));
        Snapshot foreign = listed.stream().filter(s -> !s.id().equals(ID)).findFirst().orElseThrow();
        assertThat(foreign.createdBySuite()).isFalse();
        assertThat(api.requests("DescribeDBSnapshots").get(0)).containsEntry("SnapshotType", "manual");
    }

    @Test
    void delete_whenSuiteTagged_sendsDeleteDBSnapshot() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots(
                dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "available", NOW, SUITE)));
        api.on("DeleteDBSnapshot", 200, response("DeleteDBSnapshot",
                dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "deleted", NOW, SUITE)));

        store.delete(new Snapshot(ID, ORDERS, TestAws.PRIMARY, NOW, true, VerificationStatus.UNVERIFIED, Optional.empty()));

        assertThat(api.requests("DeleteDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", ID.value()));
    }

    @Test
    void quotaHeadroom_whenRegionHoldsThreeManualSnapshots_reportsNinetySeven() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots(
                dbSnapshot("a-one", "orders", TestAws.PRIMARY, "available", NOW, Map.of()),
                dbSnapshot("a-two", "orders", TestAws.PRIMARY, "available", NOW, Map.of()),
                dbSnapshot("a-three", "other", TestAws.PRIMARY, "available", NOW, Map.of())));

        assertThat(store.quotaHeadroom(ORDERS)).isEqualTo(97);
    }

    @Test
    void recordVerification_whenInstanceSnapshot_tagsItsArn() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots(
                dbSnapshot(ID.value(), "orders", TestAws.PRIMARY, "available", NOW, SUITE)));
        api.on("AddTagsToResource", 200, "<AddTagsToResourceResponse xmlns=\"" + RdsApi.NS
                + "\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AddTagsToResourceResponse>");

        store.recordVerification(ID, VerificationStatus.VERIFIED, NOW);

        assertThat(api.requests("AddTagsToResource")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("ResourceName", "arn:aws:rds:eu-west-1:123456789012:snapshot:" + ID.value());
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:verification", "VERIFIED");
        });
    }

    @Test
    void requiredActions_whenListed_coverEveryCallAndNoWildcard() {
        assertThat(store.requiredActions()).contains("rds:CreateDBSnapshot", "rds:DeleteDBSnapshot")
                .noneMatch(a -> a.contains("*"));
    }
}
