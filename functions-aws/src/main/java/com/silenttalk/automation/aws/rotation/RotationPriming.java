package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotationDecisions;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.TargetLocator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of createSecret: the step runs once, before the snapshot, through the production builders,
 * adapters, ledger and log line, on throwaway clients whose HTTP client is the SDK's offline
 * {@code CannedResponseHttpClient}. The restored function's first call then finds the SDK's marshallers, signer,
 * endpoint rules and unmarshallers loaded and initialised. Nothing leaves the process: no socket, no credential
 * source (fixed throwaway keys), log lines discarded, the ledger's writes answered by the canned client.
 * <p>A canned client has one answer, so there are three: Secrets Manager found (one body carrying the fields of
 * DescribeSecret, GetSecretValue, GetRandomPassword and PutSecretValue, since the JSON 1.1 unmarshaller skips
 * fields an operation does not model), Secrets Manager not found (the 400 createSecret gets for a version without
 * a value), and DynamoDB ({@code {}}).
 */
final class RotationPriming {
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:priming-AbCdEf";
    static final String TOKEN = "00000000-0000-4000-8000-000000000000";
    private static final String CURRENT = "00000000-0000-4000-8000-000000000001";
    private static final String FOUND = """
            {"ARN": "%s", "Name": "priming", "RotationEnabled": true,
             "VersionIdsToStages": {"%s": ["AWSCURRENT"], "%s": ["AWSPENDING"]},
             "VersionId": "%s", "VersionStages": ["AWSCURRENT"], "CreatedDate": 1.7e9,
             "SecretString": "{\\"engine\\":\\"postgres\\",\\"host\\":\\"priming.invalid\\",\\"port\\":\\"5432\\",\\"username\\":\\"priming\\",\\"password\\":\\"priming-only-not-a-secret\\"}",
             "RandomPassword": "priming-only-not-a-password"}""".formatted(SECRET, CURRENT, TOKEN, CURRENT);
    private static final String NOT_FOUND = "{\"__type\": \"ResourceNotFoundException\", "
            + "\"Message\": \"Secrets Manager can't find the specified secret value for VersionId: " + TOKEN + "\"}";

    private RotationPriming() {
    }

    static void createSecret(String region, PasswordPolicy policy, TargetLocator targets, Clock clock) {
        try (AwsClients found = AwsClients.offline(200, FOUND);
             AwsClients missing = AwsClients.offline(400, NOT_FOUND);
             AwsClients ledgerApi = AwsClients.offline(200, "{}")) {
            SecretsManagerSecretStore store = new SecretsManagerSecretStore(found.secretsManager(region));
            DynamoDbRunLedger ledger = new DynamoDbRunLedger(ledgerApi.dynamoDb(region), "priming", Duration.ofDays(1));
            // with one answer for every call the token's version has a value: the handler takes the already-created path
            new SecretsManagerRotationHandler(store, store, targets, ledger, List.of(), policy, clock,
                    new LineLog(SecretsManagerRotationHandler.NAME, line -> { }), region)
                    .handleRequest(Map.of("Step", "createSecret", "SecretId", SECRET, "ClientRequestToken", TOKEN), null);
            // the created path's own calls: no value for the token (a modelled 400), a new password, the pending write
            new SecretsManagerSecretStore(missing.secretsManager(region)).valueOf(SECRET, TOKEN);
            Credential current = store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
            store.putPending(SECRET, TOKEN, RotationDecisions.nextCredential(new RotationStrategy.SingleUser(), current,
                    store.newPassword(policy)));
        }
    }

}
