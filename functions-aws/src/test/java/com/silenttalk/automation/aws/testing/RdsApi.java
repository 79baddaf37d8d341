package com.silenttalk.automation.aws.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WireMock speaking the RDS Query protocol: requests are form-encoded POSTs to "/" with an
 * {@code Action}; responses are the documented XML ({@code <XResponse><XResult>...}) and
 * errors the documented {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>} body.
 */
public final class RdsApi implements AutoCloseable {
    public static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

    private final WireMockServer server;

    public RdsApi() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64).jettyAcceptors(2));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** Every later request with this Action gets this answer. */
    public void on(String action, int status, String xml) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(xml)));
    }

    /** Like {@link #on} but only when the body also contains {@code fragment} (e.g. an identifier). */
    public void on(String action, String fragment, int status, String xml) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .withRequestBody(containing(fragment)).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(xml)));
    }

    /** Answers in sequence: the first request gets answers[0], and so on; the last answer repeats. */
    public void sequence(String action, List<Answer> answers) {
        sequence(action, null, answers);
    }

    /** Like {@link #sequence(String, List)} for the requests whose body also contains {@code fragment}; it takes precedence. */
    public void sequence(String action, String fragment, List<Answer> answers) {
        String scenario = action + "-" + UUID.randomUUID();
        for (int i = 0; i < answers.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : "step-" + i;
            var stub = post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                    .withRequestBody(containing(fragment == null ? "" : fragment))
                    .atPriority(fragment == null ? 5 : 1)
                    .inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(answers.get(i).status()).withHeader("Content-Type", "text/xml")
                            .withBody(answers.get(i).xml()));
            if (i < answers.size() - 1) {
                stub = stub.willSetStateTo("step-" + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    public record Answer(int status, String xml) {
    }

    /** The decoded form parameters of every request with this Action, in order. */
    public List<Map<String, String>> requests(String action) {
        List<Map<String, String>> out = new ArrayList<>();
        for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo("/")))) {
            Map<String, String> form = decode(r.getBodyAsString());
            if (action.equals(form.get("Action"))) {
                out.add(form);
            }
        }
        return out;
    }

    public List<Map<String, String>> allRequests() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))).stream().map(r -> decode(r.getBodyAsString())).toList();
    }

    static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(k, v);
        }
        return form;
    }

    /** Tags.member.N.Key/Value (or Tags.Tag.N) pairs of a request, as a map. */
    public static Map<String, String> tags(Map<String, String> form) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = 1; n < 50; n++) {
            String key = form.getOrDefault("Tags.member." + n + ".Key", form.get("Tags.Tag." + n + ".Key"));
            if (key == null) {
                break;
            }
            tags.put(key, form.getOrDefault("Tags.member." + n + ".Value", form.get("Tags.Tag." + n + ".Value")));
        }
        return tags;
    }

    // ---- documented response shapes ----

    public static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NS + "\">\n  <" + action + "Result>\n" + result + "\n  </" + action
                + "Result>\n  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n  </ResponseMetadata>\n</"
                + action + "Response>";
    }

    public static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>" + code
                + "</Code>\n    <Message>" + message + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID()
                + "</RequestId>\n</ErrorResponse>";
    }

    public static final String THROTTLING = error("Throttling", "Rate exceeded");
    public static final String MANUAL_QUOTA = error("SnapshotQuotaExceeded", "Cannot create more than 100 manual snapshots");
    public static final String COPY_CONCURRENCY = error("SnapshotQuotaExceeded", "Cannot copy more than 5 snapshots across regions");

    public static String alreadyExists(String id) {
        return error("DBSnapshotAlreadyExists", "Cannot create the snapshot because a snapshot with the identifier "
                + id + " already exists.");
    }

    public static String snapshotNotFound(String id) {
        return error("DBSnapshotNotFound", "DBSnapshot " + id + " not found.");
    }

    public static String clusterSnapshotNotFound(String id) {
        return error("DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + id + " not found.");
    }

    public static String instanceNotFound(String id) {
        return error("DBInstanceNotFound", "DBInstance " + id + " not found.");
    }

    public static String kmsNotAccessible(String key) {
        return error("KMSKeyNotAccessibleFault", "The specified KMS key [" + key + "] does not exist, is not enabled or you do not have permissions to access it.");
    }

    public static String dbSnapshot(String id, String instance, String region, String status, Instant created,
                                    Map<String, String> tags) {
        StringBuilder x = new StringBuilder("      <DBSnapshot>\n");
        x.append("        <DBSnapshotIdentifier>").append(id).append("</DBSnapshotIdentifier>\n");
        x.append("        <DBInstanceIdentifier>").append(instance).append("</DBInstanceIdentifier>\n");
        if (created != null) {
            x.append("        <SnapshotCreateTime>").append(created).append("</SnapshotCreateTime>\n");
        }
        x.append("        <Engine>postgres</Engine>\n        <EngineVersion>15.8</EngineVersion>\n");
        x.append("        <AllocatedStorage>100</AllocatedStorage>\n        <Status>").append(status).append("</Status>\n");
        x.append("        <Port>5432</Port>\n        <SnapshotType>manual</SnapshotType>\n        <Encrypted>true</Encrypted>\n");
        x.append("        <DBSnapshotArn>arn:aws:rds:").append(region).append(":").append(TestAws.ACCOUNT)
                .append(":snapshot:").append(id).append("</DBSnapshotArn>\n");
        x.append(tagList(tags));
        x.append("      </DBSnapshot>");
        return x.toString();
    }

    public static String dbClusterSnapshot(String id, String cluster, String region, String status, Instant created,
                                           Map<String, String> tags) {
        StringBuilder x = new StringBuilder("      <DBClusterSnapshot>\n");
        x.append("        <DBClusterSnapshotIdentifier>").append(id).append("</DBClusterSnapshotIdentifier>\n");
        x.append("        <DBClusterIdentifier>").append(cluster).append("</DBClusterIdentifier>\n");
        if (created != null) {
            x.append("        <SnapshotCreateTime>").append(created).append("</SnapshotCreateTime>\n");
        }
        x.append("        <Engine>aurora-postgresql</Engine>\n        <EngineVersion>15.8</EngineVersion>\n        <Status>")
                .append(status).append("</Status>\n");
        x.append("        <SnapshotType>manual</SnapshotType>\n        <StorageEncrypted>true</StorageEncrypted>\n");
        x.append("        <DBClusterSnapshotArn>arn:aws:rds:").append(region).append(":").append(TestAws.ACCOUNT)
                .append(":cluster-snapshot:").append(id).append("</DBClusterSnapshotArn>\n");
        x.append(tagList(tags));
        x.append("      </DBClusterSnapshot>");
        return x.toString();
    }

    public static String describeSnapshots(String... snapshots) {
        return response("DescribeDBSnapshots", "    <DBSnapshots>\n" + String.join("\n", snapshots) + "\n    </DBSnapshots>");
    }

    public static String describeClusterSnapshots(String... snapshots) {
        return response("DescribeDBClusterSnapshots",
                "    <DBClusterSnapshots>\n" + String.join("\n", snapshots) + "\n    </DBClusterSnapshots>");
    }

    public static String dbInstance(String id, String status, String address) {
        return dbInstance(id, status, address, 5432);
    }

    public static String dbInstance(String id, String status, String address, int port) {
        StringBuilder x = new StringBuilder("    <DBInstance>\n");
        x.append("      <DBInstanceIdentifier>").append(id).append("</DBInstanceIdentifier>\n");
        x.append("      <DBInstanceClass>db.t4g.medium</DBInstanceClass>\n      <Engine>postgres</Engine>\n");
        x.append("      <DBInstanceStatus>").append(status).append("</DBInstanceStatus>\n");
        if (address != null) {
            x.append("      <Endpoint>\n        <Address>").append(address)
                    .append("</Address>\n        <Port>").append(port)
                    .append("</Port>\n      </Endpoint>\n");
        }
        x.append("      <PubliclyAccessible>false</PubliclyAccessible>\n    </DBInstance>");
        return x.toString();
    }

    /** A DB instance that is a member of an Aurora cluster (writer or reader). */
    public static String clusterMember(String id, String cluster, String status) {
        return dbInstance(id, status, null).replace("<Engine>postgres</Engine>",
                "<Engine>aurora-postgresql</Engine>\n      <DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>");
    }

    public static String dbCluster(String id, String status, String endpoint, int port) {
        StringBuilder x = new StringBuilder("    <DBCluster>\n");
        x.append("      <DBClusterIdentifier>").append(id).append("</DBClusterIdentifier>\n");
        x.append("      <Engine>aurora-postgresql</Engine>\n      <EngineVersion>15.8</EngineVersion>\n");
        x.append("      <Status>").append(status).append("</Status>\n");
        if (endpoint != null) {
            x.append("      <Endpoint>").append(endpoint).append("</Endpoint>\n");
        }
        x.append("      <Port>").append(port).append("</Port>\n      <DeletionProtection>false</DeletionProtection>\n");
        x.append("      <DBClusterArn>arn:aws:rds:").append(TestAws.DR).append(":").append(TestAws.ACCOUNT)
                .append(":cluster:").append(id).append("</DBClusterArn>\n    </DBCluster>");
        return x.toString();
    }

    public static String describeClusters(String... clusters) {
        return response("DescribeDBClusters", "  <DBClusters>\n" + String.join("\n", clusters) + "\n  </DBClusters>");
    }

    public static String clusterNotFound(String id) {
        return error("DBClusterNotFoundFault", "DBCluster " + id + " not found.");
    }

    public static String describeInstances(String... instances) {
        return response("DescribeDBInstances", "  <DBInstances>\n" + String.join("\n", instances) + "\n  </DBInstances>");
    }

    private static String tagList(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "        <TagList/>\n";
        }
        StringBuilder x = new StringBuilder("        <TagList>\n");
        tags.forEach((k, v) -> x.append("          <Tag>\n            <Key>").append(k).append("</Key>\n            <Value>")
                .append(v).append("</Value>\n          </Tag>\n"));
        return x.append("        </TagList>\n").toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
