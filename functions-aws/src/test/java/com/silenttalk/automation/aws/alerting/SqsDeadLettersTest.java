package com.silenttalk.automation.aws.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SQS SendMessage on the AWS JSON 1.0 protocol, on WireMock: request asserted, documented replies replayed. */
class SqsDeadLettersTest extends ChannelTestSupport {
    AwsClients clients;

    @BeforeEach
    void setUp() {
        start();
        clients = TestAws.clients(base());
    }

    @AfterEach
    void tearDown() {
        clients.close();
        stop();
    }

    @Test
    void keep_whenQueueAccepts_sendsTheReplayableRecord() throws Exception {
        Delivery d = delivery("cloudwatch/alarm-state-change-composite.json", "ops-slack", ChannelKind.SLACK, null);
        String expected = AlertJson.deadLetter(d, "slack channel ops-slack: HTTP 503 after 4 attempts", NOW).toString();
        AwsAlertApis.sendMessageSucceeds(wireMock, expected);

        new SqsDeadLetters(clients.sqs(TestAws.PRIMARY), Optional.of(AwsAlertApis.QUEUE_URL))
                .keep(d, "slack channel ops-slack: HTTP 503 after 4 attempts", NOW);

        assertThat(AwsAlertApis.sendMessages(wireMock)).hasSize(1);
        JsonNode request = AlertJson.MAPPER.readTree(AwsAlertApis.sendMessages(wireMock).get(0).getBodyAsString());
        assertThat(request.path("QueueUrl").asText()).isEqualTo(AwsAlertApis.QUEUE_URL);
        assertThat(request.path("MessageBody").asText()).isEqualTo(expected);
        JsonNode record = AlertJson.MAPPER.readTree(request.path("MessageBody").asText());
        assertThat(record.path("channel").asText()).isEqualTo("ops-slack");
        assertThat(record.path("alert").path("name").asText()).isEqualTo("silenttalk-api-degraded");
    }

    @Test
    void keep_whenQueueDoesNotExist_throwsSoTheEventIsKeptByLambda() {
        AwsAlertApis.sendMessageFails(wireMock);
        Delivery d = delivery("cloudwatch/alarm-state-change-composite.json", "ops-slack", ChannelKind.SLACK, null);

        assertThatThrownBy(() -> new SqsDeadLetters(clients.sqs(TestAws.PRIMARY), Optional.of(AwsAlertApis.QUEUE_URL))
                .keep(d, "why", NOW))
                .isInstanceOf(SqsDeadLetters.UndeliveredAlertException.class)
                .hasMessageContaining("channel ops-slack");
    }

    @Test
    void keep_whenQueueNotConfigured_throwsNamingTheSetting() {
        Delivery d = delivery("cloudwatch/alarm-state-change-composite.json", "ops-slack", ChannelKind.SLACK, null);

        assertThatThrownBy(() -> new SqsDeadLetters(clients.sqs(TestAws.PRIMARY), Optional.empty()).keep(d, "why", NOW))
                .isInstanceOf(SqsDeadLetters.UndeliveredAlertException.class)
                .hasMessageContaining("ST_ALERT_DEAD_LETTER_QUEUE_URL is not set");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }
}
