package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SNS (Query protocol: form-encoded {@code Action=Publish}, XML replies) and SQS (AWS JSON 1.0:
 * {@code X-Amz-Target: AmazonSQS.SendMessage}) as the services document them, on a WireMock.
 */
final class AwsAlertApis {
    static final String EMAIL_TOPIC = "arn:aws:sns:eu-west-1:123456789012:silenttalk-alert-email";
    static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/silenttalk-undelivered-alerts";
    static final String SQS_JSON = "application/x-amz-json-1.0";

    private AwsAlertApis() {
    }

    static void publishSucceeds(WireMockServer w) {
        w.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                          <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
                          <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
                        </PublishResponse>""")));
    }

    static void publishFails(WireMockServer w, int status, String type, String code, String message) {
        w.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                          <Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
                          <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
                        </ErrorResponse>""".formatted(type, code, message))));
    }

    static List<LoggedRequest> publishes(WireMockServer w) {
        return w.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=Publish")));
    }

    /** SendMessage accepted for exactly this body: SQS replies with its MD5, which the SDK checks. */
    static void sendMessageSucceeds(WireMockServer w, String expectedBody) {
        w.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.SendMessage"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", SQS_JSON).withBody(
                        "{\"MD5OfMessageBody\":\"" + md5(expectedBody) + "\",\"MessageId\":\"5fea7756-0ea4-451a-a703-a558b933e274\"}")));
    }

    static void sendMessageFails(WireMockServer w) {
        w.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.SendMessage"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", SQS_JSON)
                        .withHeader("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")
                        .withBody("{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}")));
    }

    static List<LoggedRequest> sendMessages(WireMockServer w) {
        return w.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.SendMessage")));
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
