package com.silenttalk.automation.template;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (2018-06-01) as the runtime interface client uses it, on 127.0.0.1: it hands out the
 * queued events one by one ({@code /runtime/invocation/next}, holding the call once they are used up, as Lambda
 * does between invocations), answers {@code /runtime/restore/next} (SnapStart), and keeps what the runtime posts back:
 * responses, invocation errors, the init or restore error. The same server stands in for AWS: container credentials
 * on {@code /credentials}, and every other request (an SDK call through {@code AWS_ENDPOINT_URL}) gets a 400, so a
 * handler that reaches AWS fails its invocation at once instead of waiting on retries.
 */
final class RuntimeApiStub implements AutoCloseable {
    /** What the runtime reported for one invocation: its response, or its error ({@code errorType} header and body). */
    record Outcome(String requestId, boolean error, String errorType, String body) {
    }

    private static final String API = "/2018-06-01/runtime";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Deque<Map.Entry<String, String>> events = new ConcurrentLinkedDeque<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final List<String> initErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> awsRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int restores;
    private volatile CountDownLatch done;

    RuntimeApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code host:port}, as AWS_LAMBDA_RUNTIME_API takes it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String path) {
        return "http://" + address() + path;
    }

    /** Queues events; {@link #awaitOutcomes} returns once the runtime has answered all of them. */
    void deliver(List<String> payloads) {
        done = new CountDownLatch(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            events.add(Map.entry("request-" + (i + 1), payloads.get(i)));
        }
    }

    boolean awaitOutcomes(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    List<Outcome> outcomes() {
        List<Outcome> list = new ArrayList<>(outcomes.values());
        list.sort(java.util.Comparator.comparing(Outcome::requestId));
        return list;
    }

    List<String> initErrors() {
        return List.copyOf(initErrors);
    }

    int restores() {
        return restores;
    }

    /** The requests the function made to "AWS" (method and path). */
    List<String> awsRequests() {
        return List.copyOf(awsRequests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals(API + "/invocation/next")) {
            next(exchange);
        } else if (path.equals(API + "/restore/next")) {
            restores++;
            reply(exchange, 200, "");
        } else if (path.equals(API + "/init/error") || path.equals(API + "/restore/error")) {
            initErrors.add(path + " " + exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + " " + body);
            reply(exchange, 202, "{\"status\":\"OK\"}");
            countDownAll();
        } else if (path.startsWith(API + "/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
            String id = path.substring((API + "/invocation/").length(), path.lastIndexOf('/'));
            boolean error = path.endsWith("/error");
            outcomes.put(id, new Outcome(id, error, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), body));
            reply(exchange, 202, "{\"status\":\"OK\"}");
            done.countDown();
        } else if (path.equals("/credentials")) {
            reply(exchange, 200, "{\"AccessKeyId\":\"ASIARUNTIMETEST00000\",\"SecretAccessKey\":\"runtime-test-only\","
                    + "\"Token\":\"runtime-test-token\",\"Expiration\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        } else {
            awsRequests.add(exchange.getRequestMethod() + " " + path);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            reply(exchange, 400, "{\"__type\":\"RuntimeTestNoAws\",\"message\":\"no AWS in this test\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Map.Entry<String, String> event = events.poll();
        if (event == null) {
            // nothing more to run: hold the call, as Lambda does while the environment is frozen
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.getKey());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 120_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-test");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply(exchange, 200, event.getValue());
    }

    private void countDownAll() {
        CountDownLatch latch = done;
        while (latch != null && latch.getCount() > 0) {
            latch.countDown();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
