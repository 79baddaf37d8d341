package com.silenttalk.automation.aws.scaling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** ECS's JSON 1.1 wire protocol on WireMock: the requests are asserted, documented responses replayed. */
class EcsCapacityScalerTest {
    static final String PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String JSON_11 = "application/x-amz-json-1.1";
    static final ScalingTarget API = new ScalingTarget("silenttalk-prod/api");

    WireMockServer wireMock;
    EcsClient ecs;
    EcsCapacityScaler scaler;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        ecs = EcsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + wireMock.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()).build())
                .build();
        scaler = new EcsCapacityScaler(ecs);
    }

    @AfterEach
    void stop() {
        ecs.close();
        wireMock.stop();
    }

    void on(String operation, int status, String body) {
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(PREFIX + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", JSON_11).withBody(body)));
    }

    static String service(int desired) {
        return """
                {"serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/silenttalk-prod/api",
                 "serviceName": "api", "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/silenttalk-prod",
                 "status": "ACTIVE", "desiredCount": %d, "runningCount": 4, "pendingCount": 0, "launchType": "FARGATE"}"""
                .formatted(desired);
    }

    @Test
    void currentCount_whenServiceActive_readsDesiredCountWithDescribeServices() {
        on("DescribeServices", 200, "{\"services\": [" + service(4) + "], \"failures\": []}");
        assertThat(scaler.currentCount(API)).isEqualTo(4);
        wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(PREFIX + "DescribeServices"))
                .withHeader("Content-Type", equalTo(JSON_11))
                .withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"services\": [\"api\"]}")));
    }

    @Test
    void setDesiredCount_whenCalled_sendsUpdateService() {
        on("UpdateService", 200, "{\"service\": " + service(5) + "}");
        scaler.setDesiredCount(API, 5);
        wireMock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(PREFIX + "UpdateService"))
                .withHeader("Content-Type", equalTo(JSON_11))
                .withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"service\": \"api\", \"desiredCount\": 5}")));
    }

    @Test
    void currentCount_whenServiceMissing_failsNamingTheTarget() {
        on("DescribeServices", 200, "{\"services\": [], \"failures\": [{\"arn\": "
                + "\"arn:aws:ecs:eu-west-1:123456789012:service/silenttalk-prod/api\", \"reason\": \"MISSING\"}]}");
        assertThatThrownBy(() -> scaler.currentCount(API)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("target: ECS service silenttalk-prod/api is not an ACTIVE service (MISSING)");
    }

    @Test
    void setDesiredCount_whenClusterNotFound_surfacesTheTypedError() {
        on("UpdateService", 400, "{\"__type\": \"ClusterNotFoundException\", \"message\": \"Cluster not found.\"}");
        assertThatThrownBy(() -> scaler.setDesiredCount(API, 5)).isInstanceOf(EcsException.class)
                .hasMessageContaining("Cluster not found");
    }

    @Test
    void scaleOnAlarm_whenCpuHigh_readsThenUpdatesOneStepUp() {
        on("DescribeServices", 200, "{\"services\": [" + service(4) + "], \"failures\": []}");
        on("UpdateService", 200, "{\"service\": " + service(5) + "}");
        Instant now = Instant.parse("2026-03-01T12:06:00Z");
        ScaleOnAlarm.Result result = new ScaleOnAlarm(scaler, t -> List.of(), new InMemoryRunLedger(), ScalingPolicy.DEFAULT,
                Clock.fixed(now, ZoneOffset.UTC)).execute(API,
                new ScalingSignal(ScalingSignal.Kind.CPU_HIGH, "alarm-1", "cpu high", now), OptionalInt.empty(), false);
        assertThat(result.applied()).isTrue();
        assertThat(wireMock.getAllServeEvents()).extracting(e -> e.getRequest().getHeader("X-Amz-Target"))
                .containsExactlyInAnyOrder(PREFIX + "DescribeServices", PREFIX + "UpdateService");
        wireMock.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"service\": \"api\", \"desiredCount\": 5}")));
    }

    @Test
    void requiredActions_whenAsked_listsDescribeAndUpdate() {
        assertThat(scaler.requiredActions()).containsExactly("ecs:DescribeServices", "ecs:UpdateService");
    }
}
