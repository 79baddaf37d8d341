package com.silenttalk.automation.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The createSecret step's answers ({@link CreateSecretAnswers}, and {@code {}} for the ledger's DynamoDB PutItems)
 * from the JDK's own HTTP server on 127.0.0.1, with no matching work beyond the target header and one substring: a
 * warm call against it shows the client side's cost, where one against WireMock adds WireMock's request matching
 * and journal. HTTP/1.1 keep-alive as the JDK server does it; it counts the connections it accepted, so a run can
 * show whether the SDK's url-connection client reuses them.
 */
final class CannedResponseServer implements AutoCloseable {
    private static final byte[] NOT_STUBBED = "{\"__type\": \"NotStubbed\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final List<CreateSecretAnswers> answers = CreateSecretAnswers.all();
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong exchanges = new AtomicLong();

    CannedResponseServer() throws IOException {
        // The JDK server writes the headers and the body as two segments; with Nagle on, the body waits for the
        // client's delayed ACK (40 ms on Linux loopback) and every exchange would measure that instead of the code.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start(); // no executor: the dispatcher thread answers, no hand-off per request
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Distinct client connections accepted so far. */
    int connections() {
        return connections.size();
    }

    long exchanges() {
        return exchanges.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        connections.add(exchange.getRemoteAddress());
        exchanges.incrementAndGet();
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 404;
        String contentType = "application/json";
        byte[] out = NOT_STUBBED;
        if (target.startsWith("DynamoDB_20120810.")) {
            status = 200;
            contentType = "application/x-amz-json-1.0";
            out = "{}".getBytes(StandardCharsets.UTF_8);
        } else {
            for (CreateSecretAnswers answer : answers) {
                if (answer.answers(target, body)) {
                    status = answer.status();
                    contentType = CreateSecretAnswers.JSON_11;
                    out = answer.body().getBytes(StandardCharsets.UTF_8);
                    break;
                }
            }
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "canned");
        exchange.sendResponseHeaders(status, out.length); // a fixed length keeps the connection open
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
