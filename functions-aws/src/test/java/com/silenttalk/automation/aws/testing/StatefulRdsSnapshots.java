package com.silenttalk.automation.aws.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manual DB snapshots of one region as RDS keeps them, on WireMock speaking the Query protocol with the documented
 * XML of {@link RdsApi}: CreateDBSnapshot makes a {@code creating} snapshot carrying the request's tags (a second
 * create of one identifier is {@code DBSnapshotAlreadyExists}), DescribeDBSnapshots lists them or describes one
 * ({@code DBSnapshotNotFound}, 404, when absent), AddTagsToResource adds tags to a snapshot's ARN, DeleteDBSnapshot
 * removes one; DescribeDBClusterSnapshots lists none. A test says when a snapshot becomes available
 * ({@link #finishCreating}) and puts snapshots someone else made ({@link #put}).
 */
public final class StatefulRdsSnapshots implements AutoCloseable {
    private record Held(String instance, String status, Instant created, Map<String, String> tags) {
    }

    private final String region;
    private final Instant createTime;
    private final Map<String, Held> snapshots = new LinkedHashMap<>();
    private final WireMockServer server;

    /** @param createTime the SnapshotCreateTime RDS gives every snapshot created through the API */
    public StatefulRdsSnapshots(String region, Instant createTime) {
        this.region = region;
        this.createTime = createTime;
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new Answers()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public synchronized void finishCreating(String id) {
        Held held = snapshots.get(id);
        snapshots.put(id, new Held(held.instance(), "available", held.created(), held.tags()));
    }

    public synchronized void put(String id, String instance, Instant created, Map<String, String> tags) {
        snapshots.put(id, new Held(instance, "available", created, new LinkedHashMap<>(tags)));
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized String[] answer(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        String id = form.getOrDefault("DBSnapshotIdentifier", "");
        switch (action) {
            case "CreateDBSnapshot" -> {
                if (snapshots.containsKey(id)) {
                    return new String[] {"400", RdsApi.alreadyExists(id)};
                }
                Held made = new Held(form.get("DBInstanceIdentifier"), "creating", createTime,
                        new LinkedHashMap<>(RdsApi.tags(form)));
                snapshots.put(id, made);
                return ok(RdsApi.response(action, xml(id, made)));
            }
            case "DescribeDBSnapshots" -> {
                if (form.containsKey("DBSnapshotIdentifier")) {
                    Held held = snapshots.get(id);
                    return held == null ? new String[] {"404", RdsApi.snapshotNotFound(id)}
                            : ok(RdsApi.describeSnapshots(xml(id, held)));
                }
                return ok(RdsApi.describeSnapshots(snapshots.entrySet().stream()
                        .map(e -> xml(e.getKey(), e.getValue())).toArray(String[]::new)));
            }
            case "DescribeDBClusterSnapshots" -> {
                return ok(RdsApi.describeClusterSnapshots());
            }
            case "AddTagsToResource" -> {
                String arn = form.getOrDefault("ResourceName", "");
                Held held = snapshots.get(arn.substring(arn.lastIndexOf(':') + 1));
                if (held == null || !arn.contains(":snapshot:")) {
                    return new String[] {"404", RdsApi.snapshotNotFound(arn)};
                }
                held.tags().putAll(RdsApi.tags(form));
                return ok("<AddTagsToResourceResponse xmlns=\"" + RdsApi.NS
                        + "\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AddTagsToResourceResponse>");
            }
            case "DeleteDBSnapshot" -> {
                Held held = snapshots.remove(id);
                return held == null ? new String[] {"404", RdsApi.snapshotNotFound(id)}
                        : ok(RdsApi.response(action, RdsApi.dbSnapshot(id, held.instance(), region, "deleted",
                                held.created(), held.tags())));
            }
            default -> {
                return new String[] {"400", RdsApi.error("InvalidAction", "The action " + action
                        + " is not valid for this web service.")};
            }
        }
    }

    private String xml(String id, Held held) {
        return RdsApi.dbSnapshot(id, held.instance(), region, held.status(), held.created(), held.tags());
    }

    private static String[] ok(String xml) {
        return new String[] {"200", xml};
    }

    private final class Answers implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String[] answer = answer(RdsApi.decode(serveEvent.getRequest().getBodyAsString()));
            return ResponseDefinitionBuilder.responseDefinition().withStatus(Integer.parseInt(answer[0]))
                    .withHeader("Content-Type", "text/xml").withBody(answer[1]).build();
        }

        @Override
        public String getName() {
            return "stateful-rds-snapshots";
        }
    }
}
