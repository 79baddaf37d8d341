package com.silenttalk.automation.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * RDS's Query API for one account and region, enforcing its request rate: a request arriving in a calendar second
 * that already had {@code perSecond} gets the documented {@code Throttling} error (HTTP 400, RDS error XML), as RDS
 * answers a client past its limit. Stricter than RDS's own token bucket (which allows a burst of 300): never more
 * than {@code perSecond} in any one second. Every arrival is recorded with its time, so a test can count them
 * per second. Answers CreateDBSnapshot, CopyDBSnapshot, DescribeDBSnapshots (a snapshot is {@code creating} for
 * {@code snapshotDuration}, then {@code available}; a listing, and DescribeDBClusterSnapshots, are empty) after
 * {@code latency}, the documented XML of {@link RdsApi}.
 * A JDK HttpServer on 127.0.0.1, not WireMock: the answer depends on the arrival rate.
 */
public final class RateLimitedRdsApi implements AutoCloseable {
    public record Arrival(Instant at, String action, boolean throttled) {
    }

    private final int perSecond;
    private final Duration latency;
    private final Duration snapshotDuration;
    private final String region;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<Long, Integer> perSecondSoFar = new HashMap<>();
    private final Map<String, Instant> snapshots = new HashMap<>();
    private final Map<String, String> instances = new HashMap<>();

    public RateLimitedRdsApi(int perSecond, Duration latency, Duration snapshotDuration, String region) throws IOException {
        this.perSecond = perSecond;
        this.latency = latency;
        this.snapshotDuration = snapshotDuration;
        this.region = region;
        this.clock = Clock.systemUTC();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant at = clock.instant();
        Map<String, String> form = RdsApi.decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        int status;
        String xml;
        synchronized (this) {
            int inThisSecond = perSecondSoFar.merge(at.getEpochSecond(), 1, Integer::sum);
            boolean throttled = inThisSecond > perSecond;
            arrivals.add(new Arrival(at, action, throttled));
            if (throttled) {
                status = 400;
                xml = RdsApi.THROTTLING;
            } else {
                status = 200;
                xml = answer(action, form, at);
                if (xml.startsWith("<ErrorResponse")) {
                    status = 400;
                }
            }
        }
        sleep(latency);
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String answer(String action, Map<String, String> form, Instant at) {
        String id = form.getOrDefault("DBSnapshotIdentifier", "");
        switch (action) {
            case "CreateDBSnapshot" -> {
                if (snapshots.containsKey(id)) {
                    return RdsApi.alreadyExists(id);
                }
                snapshots.put(id, at);
                instances.put(id, form.getOrDefault("DBInstanceIdentifier", ""));
                return RdsApi.response("CreateDBSnapshot", RdsApi.dbSnapshot(id, instances.get(id), region, "creating", null, Map.of()));
            }
            case "CopyDBSnapshot" -> {
                // the copy is made in this (the target) region; its source is another region's snapshot ARN
                String target = form.getOrDefault("TargetDBSnapshotIdentifier", "");
                if (snapshots.containsKey(target)) {
                    return RdsApi.alreadyExists(target);
                }
                snapshots.put(target, at);
                instances.put(target, form.getOrDefault("SourceDBSnapshotIdentifier", ""));
                return RdsApi.response("CopyDBSnapshot", RdsApi.dbSnapshot(target, "copy", region, "creating", null, Map.of()));
            }
            case "DescribeDBSnapshots" -> {
                if (id.isEmpty()) {
                    // a listing (the snapshot branch's quota pre-flight): this stub counts no other manual snapshot
                    return RdsApi.describeSnapshots();
                }
                Instant created = snapshots.get(id);
                if (created == null) {
                    return RdsApi.snapshotNotFound(id);
                }
                String status = at.isBefore(created.plus(snapshotDuration)) ? "creating" : "available";
                return RdsApi.describeSnapshots(RdsApi.dbSnapshot(id, instances.get(id), region, status, created, Map.of()));
            }
            case "DescribeDBClusterSnapshots" -> {
                return RdsApi.describeClusterSnapshots();
            }
            default -> {
                return RdsApi.error("InvalidAction", "The action " + action + " is not valid for this web service.");
            }
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Arrivals per calendar second (epoch second → count), for every second that had one. */
    public synchronized Map<Long, Integer> arrivalsPerSecond() {
        return new TreeMap<>(perSecondSoFar);
    }

    public synchronized long throttled() {
        return arrivals.stream().filter(Arrival::throttled).count();
    }

    public synchronized int snapshotsCreated() {
        return snapshots.size();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
