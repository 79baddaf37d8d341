package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * SnapStart priming of the snapshot scheduler: one whole invocation before the snapshot, through the production
 * handler, stores, ledger and log line, on throwaway clients whose HTTP client is the SDK's offline
 * {@code CannedResponseHttpClient}. The restored function's first call then finds the Query protocol's
 * marshallers, the signer, the endpoint rules, the XML and JSON unmarshallers and our own path loaded and
 * initialised. Nothing leaves the process: no socket, no credential source (fixed throwaway keys), log lines
 * discarded, the ledger's writes answered by the canned client.
 * <p>A canned client has one answer for every call. The Query unmarshaller reads the result element whatever
 * its name and skips what an operation does not model, so one body serves DescribeDBSnapshots,
 * DescribeDBClusterSnapshots (one snapshot each, no marker: the quota has room) and CreateDBSnapshot,
 * CreateDBClusterSnapshot (the new snapshot, {@code creating}).
 */
final class SchedulerPriming {
    static final String SNAPSHOT = "st-auto-priming-20260101t0000z";
    private static final String RDS = """
            <PrimingResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><PrimingResult>
              <DBSnapshot>%1$s</DBSnapshot><DBClusterSnapshot>%2$s</DBClusterSnapshot>
              <DBSnapshots><DBSnapshot>%1$s</DBSnapshot></DBSnapshots>
              <DBClusterSnapshots><DBClusterSnapshot>%2$s</DBClusterSnapshot></DBClusterSnapshots>
            </PrimingResult><ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></PrimingResponse>"""
            .formatted("<DBSnapshotIdentifier>" + SNAPSHOT + "</DBSnapshotIdentifier><DBInstanceIdentifier>priming"
                            + "</DBInstanceIdentifier><Status>creating</Status><SnapshotCreateTime>2026-01-01T00:00:00Z"
                            + "</SnapshotCreateTime><TagList><Tag><Key>silenttalk:created-by</Key><Value>priming</Value>"
                            + "</Tag></TagList>",
                    "<DBClusterSnapshotIdentifier>" + SNAPSHOT + "</DBClusterSnapshotIdentifier><DBClusterIdentifier>"
                            + "priming</DBClusterIdentifier><Status>creating</Status><SnapshotCreateTime>"
                            + "2026-01-01T00:00:00Z</SnapshotCreateTime>");

    private SchedulerPriming() {
    }

    /** Runs the handler once offline over the configured databases; returns what that invocation returned. */
    static Map<String, Object> firstCall(AwsSettings configured, Clock clock) {
        // databases in member accounts or other regions would need STS: priming calls nothing, so it leaves them out
        AwsSettings settings = configured.primaryPlacementOnly();
        try (AwsClients rdsApi = AwsClients.offline(200, RDS);
             AwsClients ledgerApi = AwsClients.offline(200, "{}")) {
            RdsSnapshotStore primary = new RdsSnapshotStore(rdsApi.rds(settings.region()), settings.region(),
                    settings.accountId(), settings.databases(), ManifestSource.NONE, clock);
            RdsSnapshotStore dr = new RdsSnapshotStore(rdsApi.rds(settings.drRegion()), settings.drRegion(),
                    settings.accountId(), settings.databases(), ManifestSource.NONE, clock);
            DynamoDbRunLedger ledger = new DynamoDbRunLedger(ledgerApi.dynamoDb(settings.region()), "priming",
                    Duration.ofDays(1));
            return new SnapshotSchedulerHandler(settings, primary, dr, Optional.empty(), ledger, clock,
                    new LineLog(SnapshotSchedulerHandler.NAME, line -> { }))
                    .handleRequest(EventEnvelope.scheduledForPriming(settings, clock.instant()), null);
        }
    }

}
