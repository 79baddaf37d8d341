package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.CredentialTarget;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AuthTokenUpdateStrategyType;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;

/**
 * An ElastiCache (Redis OSS / Valkey) replication group's AUTH token, with the documented semantics:
 * set is {@code ModifyReplicationGroup AuthTokenUpdateStrategy=ROTATE} (the old and the new token are both
 * valid, never more than two), and after promotion {@code SET} with the new token leaves only it. Each
 * modification waits for the group to be available first and after, so the next step sees it applied.
 */
public final class ElastiCacheAuthTokenTarget implements CredentialTarget {
    public static final List<String> REQUIRED_ACTIONS = List.of("elasticache:ModifyReplicationGroup",
            "elasticache:DescribeReplicationGroups");

    private final ElastiCacheClient client;
    private final String replicationGroupId;
    private final RedisAuthProbe probe;
    private final Duration maxWait;
    private final String endpoint;

    public ElastiCacheAuthTokenTarget(ElastiCacheClient client, String replicationGroupId, String host, int port, boolean tls,
                                      Duration maxWait) {
        this.client = client;
        this.replicationGroupId = replicationGroupId;
        this.probe = new RedisAuthProbe(host, port, tls, 5000);
        this.maxWait = maxWait;
        this.endpoint = (tls ? "rediss://" : "redis://") + host + ":" + port + " (replication group " + replicationGroupId + ")";
    }

    @Override
    public String describe() {
        return endpoint;
    }

    @Override
    public Login tryLogin(Credential credential) {
        return probe.tryLogin(credential);
    }

    @Override
    public void setPassword(Credential authenticateAs, String username, char[] newPassword, Optional<Credential> keep) {
        if (!username.equals("default")) {
            throw new RotationFailedException(endpoint + ": the AUTH token belongs to the default user, not " + UntrustedText.quoted(username));
        }
        modify(newPassword, AuthTokenUpdateStrategyType.ROTATE);
    }

    @Override
    public void afterPromotion(Credential current) {
        modify(current.password(), AuthTokenUpdateStrategyType.SET);
    }

    private void modify(char[] token, AuthTokenUpdateStrategyType strategy) {
        waitAvailable();
        client.modifyReplicationGroup(b -> b.replicationGroupId(replicationGroupId).authToken(new String(token))
                .authTokenUpdateStrategy(strategy).applyImmediately(true));
        waitAvailable();
    }

    private void waitAvailable() {
        WaiterResponse<DescribeReplicationGroupsResponse> r = client.waiter().waitUntilReplicationGroupAvailable(
                b -> b.replicationGroupId(replicationGroupId), w -> w.waitTimeout(maxWait));
        if (r.matched().response().isEmpty()) {
            throw new RotationFailedException(endpoint + " did not become available within " + maxWait);
        }
    }
}
