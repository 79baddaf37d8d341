package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.backup.SnapshotCensus;
import com.silenttalk.automation.core.backup.TakeCensus;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;

/**
 * The census's wiring on AWS, apart from the snapshot stores (its artifact, lambda-census.jar, carries no RDS client):
 * the census over JDBC, the ledger that claims each window, the clock; {@link TakeCensus} over them.
 */
public record CensusWiring(AwsSettings settings, SnapshotCensus census, RunLedger ledger, Clock clock) {
    /** Source credentials come from Secrets Manager in the secret's own region; TLS is required. */
    public static CensusWiring of(AwsWiring w, LineLog log) {
        return new CensusWiring(w.settings(), new JdbcSnapshotCensus(w.settings().census(), arn -> new SecretsManagerSecretStore(
                w.clients().secretsManager(AwsSettings.regionOf("ST_CENSUS_SECRET_ARNS", arn))), S3ManifestSource.of(w), "require", log),
                DynamoDbRunLedger.of(w), w.clock());
    }

    /** The census's and the ledger's actions (invoking the scheduler is the Lambda service's, under its destination). */
    public java.util.List<String> requiredActions() {
        java.util.List<String> actions = new java.util.ArrayList<>(census.requiredActions());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    /** Each database measured once per window, claimed in the ledger. */
    public TakeCensus takeCensus() {
        return new TakeCensus(census, ledger, clock);
    }
}
