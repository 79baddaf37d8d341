package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.alerting.channels.DeadLetterRecords;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeadLettersContract;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The dead-letters contract on SQS SendMessage (AWS JSON 1.0) on WireMock: what the queue holds is the message bodies
 * it accepted. SQS answers each message with the MD5 of its body, which the SDK checks, so each send is answered for
 * the record it carries.
 */
class SqsDeadLettersContractTest extends DeadLettersContract {
    WireMockServer sqs;
    AwsClients clients;
    SqsDeadLetters adapter;

    @BeforeEach
    void start() {
        sqs = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        sqs.start();
        clients = TestAws.clients("http://127.0.0.1:" + sqs.port());
        adapter = new SqsDeadLetters(clients.sqs(TestAws.PRIMARY), Optional.of(AwsAlertApis.QUEUE_URL));
    }

    @AfterEach
    void stop() {
        clients.close();
        sqs.stop();
    }

    @Override
    protected DeadLetters deadLetters() {
        return (delivery, reason, at) -> {
            AwsAlertApis.sendMessageSucceeds(sqs, AlertJson.deadLetter(delivery, reason, at).toString());
            adapter.keep(delivery, reason, at);
        };
    }

    @Override
    protected List<Kept> kept() {
        return AwsAlertApis.sendMessages(sqs).stream()
                .map(r -> DeadLetterRecords.read(messageBody(r.getBodyAsString()))).toList();
    }

    private static String messageBody(String sendMessageRequest) {
        try {
            return AlertJson.MAPPER.readTree(sendMessageRequest).path("MessageBody").asText();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
