package com.silenttalk.automation.aws.rotation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * ElastiCache's Query protocol on WireMock (form-encoded requests asserted, documented XML replayed) for
 * ROTATE and SET, and the AUTH probe against a real Redis on 127.0.0.1.
 */
class ElastiCacheAuthTokenTargetTest {
    static final String GROUP = "silenttalk-redis";
    static final String TOKEN = "redis-Current-Token-0123456789ab";
    static final String NEXT = "redis-Next-Token-0123456789abcdef";

    WireMockServer api;
    AwsClients clients;
    RedisServer redis;
    int redisPort;
    ElastiCacheAuthTokenTarget target;

    @BeforeEach
    void start() throws IOException {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        clients = TestAws.clients("http://127.0.0.1:" + api.port());
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = probe.getLocalPort();
        }
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("requirepass " + TOKEN)
                .setting("save \"\"").build();
        redis.start();
        target = new ElastiCacheAuthTokenTarget(clients.elastiCache(TestAws.PRIMARY), GROUP, "127.0.0.1", redisPort, false,
                Duration.ofSeconds(5));
        stub("ModifyReplicationGroup", group("ModifyReplicationGroup", "modifying"));
        stub("DescribeReplicationGroups", describe("available"));
    }

    @AfterEach
    void stop() throws IOException {
        redis.stop();
        clients.close();
        api.stop();
    }

    @Test
    void setPassword_whenCalled_rotatesWithApplyImmediatelyAfterWaitingForAvailable() {
        Credential current = credential(TOKEN);

        target.setPassword(current, "default", NEXT.toCharArray(), Optional.of(current));

        List<Map<String, String>> modify = requests("ModifyReplicationGroup");
        assertThat(modify).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("ReplicationGroupId", GROUP).containsEntry("AuthTokenUpdateStrategy", "ROTATE")
                    .containsEntry("ApplyImmediately", "true").containsEntry("AuthToken", NEXT);
        });
        assertThat(requests("DescribeReplicationGroups")).hasSize(2).allSatisfy(f -> assertThat(f).containsEntry("ReplicationGroupId", GROUP));
    }

    @Test
    void afterPromotion_whenCalled_setsOnlyTheNewToken() {
        target.afterPromotion(credential(NEXT));

        assertThat(requests("ModifyReplicationGroup")).singleElement().satisfies(form ->
                assertThat(form).containsEntry("AuthTokenUpdateStrategy", "SET").containsEntry("AuthToken", NEXT));
    }

    @Test
    void setPassword_whenGroupNeverBecomesAvailable_failsWithoutModifying() {
        api.resetMappings();
        stub("DescribeReplicationGroups", describe("modifying"));
        ElastiCacheAuthTokenTarget impatient = new ElastiCacheAuthTokenTarget(clients.elastiCache(TestAws.PRIMARY), GROUP,
                "127.0.0.1", redisPort, false, Duration.ofMillis(1));

        assertThatThrownBy(() -> impatient.setPassword(credential(TOKEN), "default", NEXT.toCharArray(), Optional.empty()))
                .isInstanceOf(RuntimeException.class)
                .message().doesNotContain(NEXT).doesNotContain(TOKEN);
        assertThat(requests("ModifyReplicationGroup")).isEmpty();
    }

    @Test
    void tryLogin_whenRealRedis_acceptsTheTokenAndRejectsAnother() {
        assertThat(target.tryLogin(credential(TOKEN))).isEqualTo(Login.ACCEPTED);
        assertThat(target.tryLogin(credential(NEXT))).isEqualTo(Login.REJECTED);
    }

    @Test
    void tryLogin_whenNothingListens_isUnreachable() throws IOException {
        redis.stop();
        assertThatThrownBy(() -> target.tryLogin(credential(TOKEN))).isInstanceOf(TargetUnreachableException.class)
                .message().doesNotContain(TOKEN);
        redis.start();
    }

    static Credential credential(String token) {
        return new Credential("default", "127.0.0.1", token.toCharArray(), Map.of("engine", "redis", "replicationGroupId", GROUP));
    }

    void stub(String action, String xml) {
        api.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(xml)));
    }

    List<Map<String, String>> requests(String action) {
        List<LoggedRequest> found = api.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action)));
        return found.stream().map(r -> {
            Map<String, String> form = new java.util.LinkedHashMap<>();
            for (String pair : r.getBodyAsString().split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return form;
        }).toList();
    }

    static String group(String action, String status) {
        return """
                <%1$sResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">
                  <%1$sResult>
                    <ReplicationGroup>
                      <ReplicationGroupId>%2$s</ReplicationGroupId>
                      <Status>%3$s</Status>
                      <AuthTokenEnabled>true</AuthTokenEnabled>
                      <TransitEncryptionEnabled>true</TransitEncryptionEnabled>
                    </ReplicationGroup>
                  </%1$sResult>
                  <ResponseMetadata><RequestId>6f1a2b3c-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
                </%1$sResponse>""".formatted(action, GROUP, status);
    }

    static String describe(String status) {
        return """
                <DescribeReplicationGroupsResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">
                  <DescribeReplicationGroupsResult>
                    <ReplicationGroups>
                      <ReplicationGroup>
                        <ReplicationGroupId>%s</ReplicationGroupId>
                        <Status>%s</Status>
                        <AuthTokenEnabled>true</AuthTokenEnabled>
                      </ReplicationGroup>
                    </ReplicationGroups>
                  </DescribeReplicationGroupsResult>
                  <ResponseMetadata><RequestId>6f1a2b3c-0000-4000-8000-000000000002</RequestId></ResponseMetadata>
                </DescribeReplicationGroupsResponse>""".formatted(GROUP, status);
    }
}
