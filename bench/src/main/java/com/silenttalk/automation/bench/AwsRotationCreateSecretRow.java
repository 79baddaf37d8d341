package com.silenttalk.automation.bench;

import com.silenttalk.automation.aws.rotation.SecretsManagerRotationHandler;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import java.util.Map;

/**
 * A Secrets Manager rotation event, step createSecret, into the rotation Lambda handler. Marks {@code wiring} (settings
 * and the HTTP client) and {@code clients} (the Secrets Manager and DynamoDB clients the handler then reuses), so the
 * report shows client creation on its own.
 */
class AwsRotationCreateSecretRow implements ColdStartRow {
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:silenttalk/prod/app-db-AbCdEf";
    static final String TOKEN = "3b7e2f64-8f1a-4c2e-9d3b-5a6c7d8e9f01";
    private SecretsManagerRotationHandler handler;

    @Override
    public void init() {
        AwsWiring wiring = AwsWiring.container();
        ColdStartRow.mark("wiring");
        wiring.clients().secretsManager(wiring.settings().region());
        wiring.clients().dynamoDb(wiring.settings().region());
        ColdStartRow.mark("clients");
        handler = new SecretsManagerRotationHandler();
    }

    SecretsManagerRotationHandler handler() {
        return handler;
    }

    @Override
    public void invoke(int n) {
        Map<String, Object> out = handler.handleRequest(Map.of("Step", "createSecret", "SecretId", SECRET,
                "ClientRequestToken", TOKEN), null);
        if (!"created".equals(out.get("action"))) {
            throw new IllegalStateException("createSecret did not create a pending version: " + out.get("action"));
        }
    }
}
