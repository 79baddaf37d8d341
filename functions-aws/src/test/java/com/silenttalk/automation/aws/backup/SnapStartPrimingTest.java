package com.silenttalk.automation.aws.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
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

    @Test
    void beforeCheckpoint_whenPriming_makesNoCloudCallAndWritesNothing() {
        AwsSettings settings = TestSettings.settings();
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T06:00:00Z"), ZoneOffset.UTC);
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        Lines lines = new Lines();
        RdsCrossRegionCopier copier = new RdsCrossRegionCopier(dr, clients.rds(TestAws.DR), TestAws.ACCOUNT,
                settings.drKmsKeyId(), settings::kindOf);

        new SnapshotSchedulerHandler(settings, primary, dr, java.util.Optional.empty(), ledger, clock, lines.log("s")).beforeCheckpoint(null);
        new SnapshotCopierHandler(settings, primary, dr, copier, ledger, clock, lines.log("c")).beforeCheckpoint(null);
        new RetentionPrunerHandler(settings, primary, dr, ledger, false, clock, lines.log("p")).beforeCheckpoint(null);
        new SnapshotCensusHandler(settings, SnapshotCensusHandlerTest.handlerCensusNeverCalled(), ledger, clock, lines.log("n"))
                .beforeCheckpoint(null);

        assertThat(api.allRequests()).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(lines.all()).isEmpty();
    }
}
