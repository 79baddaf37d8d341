package com.silenttalk.automation.aws.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.failover.FailoverPlan;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** Route 53 speaks REST-XML: POST /2013-04-01/hostedzone/{id}/rrset/ with a ChangeResourceRecordSetsRequest body. */
class Route53TrafficRouterTest {
    private static final String PATH = "/2013-04-01/hostedzone/Z0123456789ABC/rrset/";
    private static final String OK = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            + "<ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2026-11-25T03:00:00.000Z</SubmittedAt></ChangeInfo>"
            + "</ChangeResourceRecordSetsResponse>";
    private static final String PRIOR = "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            + "<Error><Type>Sender</Type><Code>PriorRequestNotComplete</Code><Message>The request was rejected because Route 53 was still processing a prior request.</Message></Error>"
            + "<RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></ErrorResponse>";
    private static final String INVALID = "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            + "<Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>Tried to create resource record set but it already exists</Message></Error>"
            + "<RequestId>1</RequestId></ErrorResponse>";

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    private final List<Duration> slept = new ArrayList<>();
    private final RequestRateLimiter.Ticker ticker = new RequestRateLimiter.Ticker() {
        private long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            slept.add(d);
            now += d.toNanos();
        }
    };

    Route53TrafficRouterTest() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Route53TrafficRouter router() {
        Route53Client client = Route53Client.builder().region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(TestAws.ACCESS_KEY, TestAws.SECRET_KEY)))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        return new Route53TrafficRouter(client, new Route53TrafficRouter.Record("Z0123456789ABC", "db.silenttalk.example.", 60,
                Map.of("primary", "st-db.abc.eu-west-1.rds.amazonaws.com", "replica", "st-db-dr.abc.eu-central-1.rds.amazonaws.com")),
                new RequestRateLimiter(10, ticker), new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2)), ticker);
    }

    private static FailoverPlan plan() {
        Instant t = Instant.parse("2026-11-25T03:00:00Z");
        return new FailoverPlan("db-gen1", "db", "primary", "replica", false, false, t, t.plusSeconds(600), List.of("x"));
    }

    @Test
    void switchTo_upsertsTheCnameToTheNewPrimary() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(OK)));

        String result = router().switchTo(plan());

        assertThat(result).contains("st-db-dr.abc.eu-central-1.rds.amazonaws.com").contains("C2682N5HXP0BZ4");
        String body = server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString();
        assertThat(body).contains("<Action>UPSERT</Action>").contains("<Name>db.silenttalk.example.</Name>")
                .contains("<Type>CNAME</Type>").contains("<TTL>60</TTL>")
                .contains("<Value>st-db-dr.abc.eu-central-1.rds.amazonaws.com</Value>").contains("db-gen1");
    }

    @Test
    void switchTo_whenAPriorChangeIsPending_waitsAndRetries() {
        String scenario = "prior";
        server.stubFor(post(urlEqualTo(PATH)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(PRIOR)).willSetStateTo("again"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario(scenario).whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(400).withBody(PRIOR)).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(OK)));

        router().switchTo(plan());

        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(3);
        assertThat(slept).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void switchTo_whenPriorRequestNeverCompletes_givesUpAfterTheBound() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody(PRIOR)));

        assertThatThrownBy(() -> router().switchTo(plan()))
                .isInstanceOf(software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException.class);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(5);
    }

    @Test
    void switchTo_whenTheBatchIsInvalid_failsAtOnce() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody(INVALID)));

        assertThatThrownBy(() -> router().switchTo(plan())).isInstanceOf(Route53Exception.class);
        assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
    }

    @Test
    void switchTo_keepsToTenRequestsPerSecond() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(OK)));
        Route53TrafficRouter r = router();

        for (int i = 0; i < 11; i++) {
            r.switchTo(plan());
        }

        Duration waited = slept.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // the 11th waits until the 1st is a second old
    }
}
