package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.rotation.AdminCredentials;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.PasswordSource;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.RotationRejectedException;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.TargetLocator;
import com.silenttalk.automation.postgres.PostgresRoleTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The rotation capability's wiring on AWS: the secret store, where new passwords come from, how a secret's target is
 * found, the ledger and the clock, and the {@link RotateSecret} over them.
 *
 * @param otherActions the ledger's and the targets' permissions (everything but the secret store's)
 */
public record RotationWiring(SecretsManagerSecretStore store, PasswordSource passwords, TargetLocator targets, RunLedger ledger,
                             List<String> otherActions, PasswordPolicy policy, Clock clock, String region) {
    static final List<String> POSTGRES_ENGINES = List.of("postgres", "aurora-postgresql");

    /** Production: new passwords come from Secrets Manager's GetRandomPassword, as AWS's own rotation functions draw them. */
    public static RotationWiring of(AwsWiring w) {
        SecretsManagerSecretStore store = new SecretsManagerSecretStore(w.clients().secretsManager(w.settings().region()));
        List<String> other = new ArrayList<>(DynamoDbRunLedger.REQUIRED_ACTIONS);
        other.addAll(ElastiCacheAuthTokenTarget.REQUIRED_ACTIONS);
        return new RotationWiring(store, store, targets(w.environment().getOrDefault("ST_ROTATION_SSLMODE", "require"),
                () -> w.clients().elastiCache(w.settings().region())), DynamoDbRunLedger.of(w), other, policy(w.environment()), w.clock(),
                w.settings().region());
    }

    /** Password length and exclusions from ST_ROTATION_PASSWORD_LENGTH / ST_ROTATION_EXCLUDE_CHARACTERS, else the defaults. */
    static PasswordPolicy policy(Map<String, String> env) {
        String length = env.getOrDefault("ST_ROTATION_PASSWORD_LENGTH", "32");
        if (!length.matches("[0-9]{1,4}")) {
            throw new InvalidFieldException("ST_ROTATION_PASSWORD_LENGTH", "must be a number");
        }
        return new PasswordPolicy(Integer.parseInt(length), env.getOrDefault("ST_ROTATION_EXCLUDE_CHARACTERS", PasswordPolicy.DEFAULT_EXCLUDED));
    }

    /**
     * By the secret's {@code engine}: PostgreSQL engines at the secret's host, port and dbname, with TLS as
     * {@code sslMode} says; {@code redis} is an ElastiCache AUTH token, named by {@code replicationGroupId},
     * probed over TLS unless the secret says {@code "ssl": false}. Anything else is refused before any change.
     * The ElastiCache client is built on the first redis secret, so a PostgreSQL rotation never builds it.
     */
    static TargetLocator targets(String sslMode, Supplier<ElastiCacheClient> elastiCache) {
        return current -> {
            String engine = current.attributes().getOrDefault("engine", "postgres");
            if (engine.equals("redis")) {
                String group = current.attributes().get("replicationGroupId");
                if (group == null || group.isBlank()) {
                    throw new RotationRejectedException("replicationGroupId", "a redis secret must name its ElastiCache replication group");
                }
                return new ElastiCacheAuthTokenTarget(elastiCache.get(), group, current.host(), port(current, "6379"),
                        !"false".equals(current.attributes().get("ssl")), java.time.Duration.ofMinutes(4));
            }
            if (!POSTGRES_ENGINES.contains(engine)) {
                throw new RotationRejectedException("engine", "'" + engine + "' is not rotated by this function (only "
                        + POSTGRES_ENGINES + " and redis)");
            }
            return PostgresRoleTarget.forSecret(current, sslMode);
        };
    }

    private static int port(Credential current, String fallback) {
        String port = current.attributes().getOrDefault("port", fallback);
        if (!port.matches("[0-9]{1,5}")) {
            throw new RotationRejectedException("port", "must be a number");
        }
        return Integer.parseInt(port);
    }

    /** Validates a SecretsManagerRotationEvent: each field is named when missing or wrong. */
    static RotationEvent parse(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidFieldException("event", "is empty");
        }
        RotationStep step = RotationStep.fromEventName(text(event, "Step"));
        return new RotationEvent(text(event, "SecretId"), text(event, "ClientRequestToken"), step);
    }

    private static String text(Map<String, Object> event, String field) {
        Object value = event.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new RotationRejectedException(field, "is missing or not a string");
        }
        return s;
    }

    RotateSecret rotation() {
        AdminCredentials master = current -> {
            String arn = current.attributes().get("masterarn");
            if (arn == null) {
                throw new RotationRejectedException("masterarn", "alternating-users needs the secret's masterarn");
            }
            return store.valueAt(arn, Stage.CURRENT).orElseThrow(
                    () -> new RotationFailedException("master secret " + arn + " has no " + SecretsManagerSecretStore.label(Stage.CURRENT) + " value"));
        };
        return new RotateSecret(store, targets, passwords, master, RotationWiring::strategyOf, policy, ledger, clock);
    }

    static RotationStrategy strategyOf(Credential current) {
        return current.attributes().containsKey("masterarn")
                ? RotationStrategy.parse("alternating-users", current.username()) : new RotationStrategy.SingleUser();
    }

    /** What a step calls in Secrets Manager (the target's own calls are not AWS calls). */
    List<PlannedCall> plannedStep(RotationEvent e) {
        List<PlannedCall> calls = new ArrayList<>();
        calls.add(call("DescribeSecret", Map.of("SecretId", e.secretId())));
        calls.add(call("GetSecretValue", Map.of("SecretId", e.secretId(), "VersionStage", SecretsManagerSecretStore.label(Stage.CURRENT))));
        switch (e.step()) {
            case CREATE -> {
                calls.add(call("GetSecretValue", Map.of("SecretId", e.secretId(), "VersionId", e.token())));
                if (passwords instanceof SecretsManagerSecretStore) {
                    calls.add(call("GetRandomPassword", Map.of("PasswordLength", policy.length(), "ExcludeCharacters", policy.excludedCharacters())));
                }
                calls.add(call("PutSecretValue", Map.of("SecretId", e.secretId(), "ClientRequestToken", e.token(),
                        "VersionStages", List.of(SecretsManagerSecretStore.label(Stage.PENDING)))));
            }
            case SET, TEST -> calls.add(call("GetSecretValue", Map.of("SecretId", e.secretId(), "VersionId", e.token())));
            case FINISH -> calls.add(call("UpdateSecretVersionStage", Map.of("SecretId", e.secretId(),
                    "VersionStage", SecretsManagerSecretStore.label(Stage.CURRENT), "MoveToVersionId", e.token())));
        }
        return calls;
    }

    private PlannedCall call(String operation, Map<String, Object> parameters) {
        return new PlannedCall("secretsmanager", operation, region, parameters);
    }

    List<String> requiredActions() {
        List<String> actions = new ArrayList<>(store.requiredActions());
        if (passwords instanceof SecretsManagerSecretStore) {
            actions.add(SecretsManagerSecretStore.PASSWORD_ACTION);
        }
        actions.addAll(otherActions);
        // the secrets are encrypted with a customer managed key: reading needs Decrypt, writing GenerateDataKey
        actions.addAll(List.of("kms:Decrypt", "kms:GenerateDataKey"));
        return actions.stream().distinct().sorted().toList();
    }

}
