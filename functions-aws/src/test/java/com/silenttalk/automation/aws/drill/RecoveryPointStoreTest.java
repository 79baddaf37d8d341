package com.silenttalk.automation.aws.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.VerificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DR vault's locks, read back from AWS Backup (WireMock speaking its REST-JSON protocol). */
class RecoveryPointStoreTest {
    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final String VAULT = "silenttalk-production-dr";
    static final String ARN = "arn:aws:rds:eu-central-1:123456789012:snapshot:awsbackup:job-1a2b3c4d-0000-4000-8000-00000000abcd";
    static final Instant CREATED = Instant.parse("2026-02-20T00:40:00Z");

    RdsApi api;
    AwsClients clients;
    RecoveryPointStore store;
    final Snapshot point = new Snapshot(RecoveryPointStore.idOf(ARN), new DatabaseId("orders"), TestAws.DR, CREATED, false,
            VerificationStatus.VERIFIED, Optional.empty(), CopyKind.VAULT_RECOVERY_POINT, ARN);

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        store = new RecoveryPointStore(() -> clients.backup(TestAws.DR), TestAws.DR, VAULT, TestAws.PRIMARY, TestAws.ACCOUNT,
                TestSettings.settings().databases(), ManifestSource.NONE, Duration.ofHours(6));
        json(get(urlPathMatching("/backup-vaults/" + VAULT + "/recovery-points/arn.+")), """
                {"RecoveryPointArn": "%s", "BackupVaultName": "%s", "Status": "COMPLETED", "CreationDate": %d}"""
                .formatted(ARN, VAULT, CREATED.getEpochSecond()));
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    void json(com.github.tomakehurst.wiremock.client.MappingBuilder request, String body) {
        api.server().stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    void vault(String fields) {
        json(get(urlPathEqualTo("/backup-vaults/" + VAULT)), "{\"BackupVaultName\": \"" + VAULT + "\"" + fields + "}");
    }

    @Test
    void lockOf_whenTheVaultHasNoVaultLock_saysNotImmutable() {
        vault(", \"Locked\": false");

        CopyLock lock = store.lockOf(point, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.NOT_IMMUTABLE);
        assertThat(lock.evidence()).contains("DescribeBackupVault " + VAULT + ": Locked false").contains("no Vault Lock");
    }

    @Test
    void lockOf_whenLockedPastItsGraceTimeWithoutALifecycle_holdsUntilCreationPlusMinRetention() {
        vault(", \"Locked\": true, \"MinRetentionDays\": 30, \"LockDate\": " + NOW.minus(Duration.ofDays(1)).getEpochSecond());

        CopyLock lock = store.lockOf(point, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(lock.retainUntil()).isEqualTo(CREATED.plus(Duration.ofDays(30)));
        assertThat(lock.mode()).isEqualTo("VAULT_LOCK_COMPLIANCE");
        assertThat(lock.deletableBySuite()).isFalse();
    }

    @Test
    void lockOf_whenTheLockIsStillInItsGraceTime_countsAsDeletable() {
        vault(", \"Locked\": true, \"MinRetentionDays\": 30, \"LockDate\": " + NOW.plus(Duration.ofDays(2)).getEpochSecond());

        CopyLock lock = store.lockOf(point, NOW);

        assertThat(lock.mode()).isEqualTo("VAULT_LOCK_GRACE");
        assertThat(lock.deletableBySuite()).isTrue();
    }

    @Test
    void delete_never_callsAnything() {
        assertThatThrownBy(() -> store.delete(point)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never by the suite");
        assertThat(api.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void idOf_whenGivenRecoveryPointArnsOfEitherForm_makesValidDistinctIds() {
        assertThat(RecoveryPointStore.idOf(ARN).value()).isEqualTo("rp-job-1a2b3c4d-0000-4000-8000-00000000abcd");
        assertThat(RecoveryPointStore.idOf("arn:aws:backup:eu-central-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")
                .value()).isEqualTo("rp-1eb3b5e7-9eb0-435a-a80b-108b488b0d45");
    }
}
