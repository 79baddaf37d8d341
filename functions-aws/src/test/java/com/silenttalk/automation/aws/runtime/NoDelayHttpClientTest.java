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
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The HTTP client under the SDK clients: TLS sockets with TCP_NODELAY, small bodies buffered, and requests that
 * still reach a raw server on 127.0.0.1 whole and with the right Content-Length.
 */
class NoDelayHttpClientTest {
    static final String BODY = "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf\",\"VersionStage\":\"AWSCURRENT\"}";

    @Test
    void execute_whenBodyIsSmall_sendsTheWholeRequestWithItsContentLength() throws Exception {
        String request = requestSeenThrough(NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(5)));

        assertThat(request).startsWith("POST / HTTP/1.1\r\n").endsWith("\r\n\r\n" + BODY)
                .containsIgnoringCase("content-length: " + BODY.length() + "\r\n")
                .contains("X-Amz-Target: secretsmanager.GetSecretValue\r\n")
                .doesNotContainIgnoringCase("transfer-encoding");
    }

    @Test
    void open_whenHttps_makesEveryTlsSocketWithTcpNoDelay() throws Exception {
        HttpURLConnection connection = NoDelayHttpClient.open(URI.create("https://127.0.0.1:9/"), 1000, 1000);

        SSLSocketFactory sockets = ((HttpsURLConnection) ((NoDelayHttpClient.OneWrite) connection).connection()).getSSLSocketFactory();

        assertThat(sockets).isInstanceOf(NoDelayHttpClient.NoDelaySockets.class);
        try (Socket socket = sockets.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket layered = sockets.createSocket(plain, "127.0.0.1", server.getLocalPort(), true)) {
            assertThat(plain.getTcpNoDelay()).isTrue(); // HttpsURLConnection layers TLS over its own plain socket
            assertThat(layered.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void setFixedLengthStreamingMode_whenBodyIsAboveTheLimit_keepsStreaming() {
        HttpURLConnection small = NoDelayHttpClient.open(URI.create("http://127.0.0.1:9/"), 1000, 1000);
        HttpURLConnection large = NoDelayHttpClient.open(URI.create("http://127.0.0.1:9/"), 1000, 1000);

        small.setFixedLengthStreamingMode((long) BODY.length());
        large.setFixedLengthStreamingMode(NoDelayHttpClient.BUFFERED_LIMIT + 1);

        assertThat(((NoDelayHttpClient.OneWrite) small).buffersBody()).isTrue();
        assertThat(((NoDelayHttpClient.OneWrite) large).buffersBody()).isFalse();
        assertThat(small.getConnectTimeout()).isEqualTo(1000);
        assertThat(small.getReadTimeout()).isEqualTo(1000);
    }

    /** One POST with a JSON body through {@code http}; returns the request as the server read it. */
    private static String requestSeenThrough(SdkHttpClient http) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    StringBuilder seen = new StringBuilder();
                    while (seen.indexOf("\r\n\r\n") < 0) {
                        seen.append((char) in.read());
                    }
                    seen.append(new String(in.readNBytes(BODY.length()), StandardCharsets.UTF_8));
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return seen.toString();
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
