package com.silenttalk.automation.aws.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Where the Lambda finds a channel's secret by the name the rules give it: the function's
 * environment first (topic ARNs, test setups), then one Secrets Manager secret whose string is a
 * JSON object of name → value (webhook URLs, routing keys). The secret is read on the first
 * delivery that needs it, after any SnapStart restore, and kept for the container's life.
 * Failures name the secret's ARN and the error code, never a value.
 */
public final class ChannelSecrets implements Function<String, String> {
    public static final List<String> REQUIRED_ACTIONS = List.of("secretsmanager:GetSecretValue");

    private final Map<String, String> env;
    private final Optional<SecretsManagerClient> secretsManager;
    private final Optional<String> secretArn;
    private volatile Map<String, String> fetched;

    public ChannelSecrets(Map<String, String> env, Optional<SecretsManagerClient> secretsManager, Optional<String> secretArn) {
        this.env = Map.copyOf(env);
        this.secretsManager = secretsManager;
        this.secretArn = secretArn.filter(s -> !s.isBlank());
    }

    @Override
    public String apply(String name) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return secretArn.isEmpty() ? null : fetched().get(name);
    }

    private Map<String, String> fetched() {
        Map<String, String> f = fetched;
        if (f == null) {
            synchronized (this) {
                if (fetched == null) {
                    fetched = fetch();
                }
                f = fetched;
            }
        }
        return f;
    }

    private Map<String, String> fetch() {
        String arn = secretArn.orElseThrow();
        SecretsManagerClient client = secretsManager.orElseThrow(() -> new IllegalStateException("no Secrets Manager client"));
        String text;
        try {
            text = client.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new DeliveryFailedException("channel secrets " + arn + ": GetSecretValue failed: " + code, 1);
        } catch (SdkException e) {
            throw new DeliveryFailedException("channel secrets " + arn + ": GetSecretValue failed: "
                    + e.getClass().getSimpleName(), 1);
        }
        JsonNode json;
        try {
            json = text == null ? null : AlertJson.MAPPER.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            // the value is never echoed: it is the secret
            throw new DeliveryFailedException("channel secrets " + arn + ": the secret string is not a JSON object of name to value", 1);
        }
        Map<String, String> out = new HashMap<>();
        json.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return Map.copyOf(out);
    }

    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }
}
