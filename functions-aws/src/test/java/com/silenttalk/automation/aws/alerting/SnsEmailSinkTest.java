package com.silenttalk.automation.aws.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.alerting.channels.outbound.ChannelEndpoint;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SNS Publish on the Query protocol, on WireMock: the form body is asserted, documented replies replayed. */
class SnsEmailSinkTest extends ChannelTestSupport {
    static final Channel EMAIL = new Channel("ops-email", ChannelKind.SNS_EMAIL);

    AwsClients clients;
    SnsEmailSink sink;

    @BeforeEach
    void setUp() {
        start();
        clients = TestAws.clients(base());
        WebhookSecrets topics = new WebhookSecrets(Map.of("ops-email", new ChannelEndpoint(EMAIL, "ST_ALERT_EMAIL_TOPIC_ARN")),
                Map.of("ST_ALERT_EMAIL_TOPIC_ARN", AwsAlertApis.EMAIL_TOPIC));
        sink = new SnsEmailSink(clients.sns(TestAws.PRIMARY), topics);
    }

    @AfterEach
    void tearDown() {
        clients.close();
        stop();
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void deliver_whenFiring_publishesSubjectAndPlainTextToTheEmailTopic() {
        AwsAlertApis.publishSucceeds(wireMock);
        Delivery d = new Delivery(fixture("cloudwatch/alarm-state-change-metric.json"), EMAIL, "capacity", null);

        sink.deliver(d);

        assertThat(AwsAlertApis.publishes(wireMock)).hasSize(1);
        Map<String, String> form = form(AwsAlertApis.publishes(wireMock).get(0).getBodyAsString());
        assertThat(form).containsEntry("Action", "Publish").containsEntry("Version", "2010-03-31")
                .containsEntry("TopicArn", AwsAlertApis.EMAIL_TOPIC)
                .containsEntry("Subject", "[" + d.alert().severity().wireName() + "] FIRING: silenttalk-api-cpu-high");
        assertThat(form.get("Message")).startsWith("FIRING: silenttalk-api-cpu-high\n\n")
                .contains("Metric: CPUUtilization", "Rule capacity", "Open in console: https://");
    }

    @Test
    void subject_whenLongOrNotAscii_isOneAsciiLineUnder100Characters() {
        Delivery d = new Delivery(fixture("cloudwatch/alarm-state-change-metric.json"), EMAIL, "capacity", null);
        Delivery long_ = new Delivery(new com.silenttalk.automation.core.alerting.Alert(d.alert().source(), d.alert().account(),
                d.alert().region(), d.alert().service(), d.alert().resource(), "Überlast\nim " + "x".repeat(200), d.alert().metric(),
                d.alert().state(), d.alert().severity(), d.alert().summary(), d.alert().startedAt(), d.alert().changedAt(),
                d.alert().dedupeKey(), d.alert().consoleLink(), d.alert().tags(), d.alert().details()), EMAIL, "capacity", null);

        String subject = SnsEmailSink.subject(long_);

        assertThat(subject).hasSizeLessThan(100).endsWith("...").doesNotContain("\n").contains("?berlast im xxx");
        assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void deliver_whenTopicIsMissing_failsWithTheSnsErrorCode() {
        AwsAlertApis.publishFails(wireMock, 404, "Sender", "NotFound", "Topic does not exist");
        Delivery d = new Delivery(fixture("cloudwatch/alarm-state-change-metric.json"), EMAIL, "capacity", null);

        assertThatThrownBy(() -> sink.deliver(d)).isInstanceOf(DeliveryFailedException.class)
                .hasMessage("sns-email channel ops-email: SNS Publish failed: NotFound");
        assertThat(AwsAlertApis.publishes(wireMock)).hasSize(1);
    }

    @Test
    void deliver_whenThrottled_retriesBoundedThenGivesUp() {
        AwsAlertApis.publishFails(wireMock, 400, "Sender", "Throttling", "Rate exceeded");
        Delivery d = new Delivery(fixture("cloudwatch/alarm-state-change-metric.json"), EMAIL, "capacity", null);

        assertThatThrownBy(() -> sink.deliver(d)).isInstanceOf(DeliveryFailedException.class)
                .hasMessageEndingWith("Throttling");
        assertThat(AwsAlertApis.publishes(wireMock)).hasSize(TestAws.FAST_RETRY.maxAttempts());
    }
}
