package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What reaches the socket: a raw server on 127.0.0.1 records what its first read returns. A request written in one
 * piece arrives whole; one whose body follows the flushed headers arrives as the headers alone (Nagle holds the body
 * until the server acknowledges them).
 */
class SingleWriteHttpClientTest {
    static final String BODY = "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf\",\"VersionStage\":\"AWSCURRENT\"}";

    @Test
    void execute_whenBodyIsSmall_sendsHeadersAndBodyInOneWrite() throws Exception {
        String firstRead = firstReadOf(SingleWriteHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(5)));

        assertThat(firstRead).startsWith("POST / HTTP/1.1\r\n").endsWith("\r\n\r\n" + BODY)
                .containsIgnoringCase("content-length: " + BODY.length() + "\r\n")
                .contains("X-Amz-Target: secretsmanager.GetSecretValue\r\n");
    }

    @Test
    void execute_whenTheSdkDefaultClientStreamsTheBody_theHeadersArriveAlone() throws Exception {
        // the control: the reason for SingleWriteHttpClient, and proof that the test above can fail
        String firstRead = firstReadOf(UrlConnectionHttpClient.create());

        assertThat(firstRead).startsWith("POST / HTTP/1.1\r\n").endsWith("\r\n\r\n").doesNotContain(BODY);
    }

    @Test
    void setFixedLengthStreamingMode_whenBodyIsAboveTheLimit_keepsStreaming() {
        HttpURLConnection small = SingleWriteHttpClient.open(URI.create("http://127.0.0.1:9/"), 1000, 1000);
        HttpURLConnection large = SingleWriteHttpClient.open(URI.create("http://127.0.0.1:9/"), 1000, 1000);

        small.setFixedLengthStreamingMode((long) BODY.length());
        large.setFixedLengthStreamingMode(SingleWriteHttpClient.BUFFERED_LIMIT + 1);

        assertThat(((SingleWriteHttpClient.OneWrite) small).buffersBody()).isTrue();
        assertThat(((SingleWriteHttpClient.OneWrite) large).buffersBody()).isFalse();
        assertThat(small.getConnectTimeout()).isEqualTo(1000);
        assertThat(small.getReadTimeout()).isEqualTo(1000);
    }

    /** One POST with a JSON body through {@code http}; returns the request bytes the server's first read saw. */
    private static String firstReadOf(SdkHttpClient http) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[65536];
                    int n = in.read(buffer);
                    String seen = new String(buffer, 0, n, StandardCharsets.UTF_8);
                    int body = BODY.length() - (seen.endsWith("\r\n\r\n") ? 0 : seen.length() - seen.indexOf("\r\n\r\n") - 4);
                    in.readNBytes(body); // the rest, if it came later
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return seen;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"))
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                    .putHeader("Content-Length", Integer.toString(body.length)).build();
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(request)
                    .contentStreamProvider(() -> new ByteArrayInputStream(body)).build()).call();
            assertThat(response.httpResponse().statusCode()).isEqualTo(200);
            assertThat(new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
            return first.get(10, TimeUnit.SECONDS);
        } finally {
            http.close();
        }
    }
}
