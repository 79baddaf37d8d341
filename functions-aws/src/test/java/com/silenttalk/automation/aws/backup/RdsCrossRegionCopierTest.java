package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static com.silenttalk.automation.aws.testing.RdsApi.snapshotNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RdsCrossRegionCopierTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:20:00Z");
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final String KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
    static final Snapshot SOURCE = new Snapshot(ID, ORDERS, TestAws.PRIMARY, NOW.minusSeconds(1200), true,
            VerificationStatus.UNVERIFIED, Optional.empty());

    RdsApi api;
    AwsClients clients;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    RdsCrossRegionCopier copier(Optional<String> key) {
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                Map.of(ORDERS, RdsKind.INSTANCE), ManifestSource.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
        return new RdsCrossRegionCopier(dr, clients.rds(TestAws.DR), TestAws.ACCOUNT, key, db -> RdsKind.INSTANCE);
    }

    @Test
    void replicate_whenNoCopyExists_sendsCopyWithSourceArnKmsKeyRegionAndTags() {
        api.on("DescribeDBSnapshots", 404, snapshotNotFound(ID.value()));
        api.on("CopyDBSnapshot", 200, response("CopyDBSnapshot",
                dbSnapshot(ID.value(), "orders", TestAws.DR, "pending", null, Map.of())));

        Progress<Snapshot> progress = copier(Optional.of(KEY)).replicate(SOURCE, TestAws.DR, NOW);

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("CopyDBSnapshot")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("SourceDBSnapshotIdentifier",
                            "arn:aws:rds:eu-west-1:123456789012:snapshot:st-auto-orders-20260301t0600z")
                    .containsEntry("TargetDBSnapshotIdentifier", ID.value())
                    .containsEntry("KmsKeyId", KEY)
                    .containsEntry("CopyTags", "false");
            // SDK v2 turns SourceRegion into a presigned CopyDBSnapshot URL for the source region
            assertThat(form.get("PreSignedUrl")).contains("rds.eu-west-1.amazonaws.com")
                    .contains("DestinationRegion=eu-central-1");
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:created-by", "ops-automation")
                    .containsEntry("silenttalk:copied-from", "eu-west-1/" + ID.value());
        });
    }

    @Test
    void replicate_whenTooManyCopiesInFlight_returnsPendingSoTheCopyIsRetriedNotDropped() {
        api.on("DescribeDBSnapshots", 404, snapshotNotFound(ID.value()));
        api.on("CopyDBSnapshot", 400, RdsApi.COPY_CONCURRENCY);

        Progress<Snapshot> progress = copier(Optional.of(KEY)).replicate(SOURCE, TestAws.DR, NOW);

        assertThat(progress).isInstanceOfSatisfying(Progress.Pending.class, p -> {
            assertThat(p.status()).contains("copies in flight");
            assertThat(p.checkAgainAfter()).isPositive();
        });
    }

    @Test
    void replicate_whenDestinationQuotaIsFull_failsWithQuotaException() {
        api.on("DescribeDBSnapshots", 404, snapshotNotFound(ID.value()));
        api.on("CopyDBSnapshot", 400, RdsApi.MANUAL_QUOTA);

        assertThatThrownBy(() -> copier(Optional.of(KEY)).replicate(SOURCE, TestAws.DR, NOW))
                .isInstanceOf(SnapshotQuotaException.class).hasMessageContaining("100 manual snapshots");
    }

    @Test
    void replicate_whenKmsKeyIsNotAccessible_failsNamingTheKeyAndRegion() {
        api.on("DescribeDBSnapshots", 404, snapshotNotFound(ID.value()));
        api.on("CopyDBSnapshot", 400, RdsApi.kmsNotAccessible(KEY));

        assertThatThrownBy(() -> copier(Optional.of(KEY)).replicate(SOURCE, TestAws.DR, NOW))
                .hasMessageContaining(KEY).hasMessageContaining("not accessible in eu-central-1");
    }

    @Test
    void replicate_whenNoKmsKeyIsConfigured_failsClearlyBeforeAnyCall() {
        assertThatThrownBy(() -> copier(Optional.empty()).replicate(SOURCE, TestAws.DR, NOW))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("ST_DR_KMS_KEY_ID");
        assertThat(api.allRequests()).isEmpty();
    }

    @Test
    void replicate_whenCopyIsAlreadyAvailable_reportsItWithoutCopyingAgain() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots(dbSnapshot(ID.value(), "orders", TestAws.DR, "available",
                NOW, Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE, SuiteTags.COPIED_FROM, "eu-west-1/" + ID.value()))));

        Progress<Snapshot> progress = copier(Optional.of(KEY)).replicate(SOURCE, TestAws.DR, NOW);

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r ->
                assertThat(((Snapshot) r.value()).region()).isEqualTo(TestAws.DR));
        assertThat(api.requests("CopyDBSnapshot")).isEmpty();
    }

    @Test
    void replicate_whenAskedForAnotherRegion_refuses() {
        assertThatThrownBy(() -> copier(Optional.of(KEY)).replicate(SOURCE, "us-west-2", NOW))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("us-west-2");
    }
}
