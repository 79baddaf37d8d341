package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The markers contract on a real S3 (S3Mock): markers are objects under {@code deployments/} in the report bucket. */
@ExtendWith(S3Mock.class)
class S3DeploymentMarkersContractTest extends DeploymentMarkersContract {
    AwsClients clients;
    S3Client s3;
    String bucket;
    Lines lines;

    @BeforeEach
    void bucket(LocalProcessServer s3mock) {
        clients = TestAws.clients(s3mock.endpoint());
        s3 = clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        lines = new Lines();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Override
    protected DeploymentMarkers markers() {
        return new S3DeploymentMarkers(() -> s3, bucket, lines.log(AlarmNotificationHandler.NAME));
    }

    @Override
    protected void write(String name, DeploymentMarker marker, String json) {
        put(S3DeploymentMarkers.PREFIX + name + ".json", json);
    }

    @Override
    protected void writeUnreadable(String name, String body, String whatIsWrong) {
        put(S3DeploymentMarkers.PREFIX + name + ".json", body);
    }

    @Override
    protected void writeOther(String name, String body) {
        put(S3DeploymentMarkers.PREFIX + name, body);
        put("drill-reports/" + name + ".json", body); // another prefix of the same bucket
    }

    private void put(String key, String body) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(body));
    }

    @Override
    protected void failListing() {
        bucket = bucket + "-gone"; // S3 answers NoSuchBucket (404) to the listing
    }

    @Override
    protected List<String> logged() {
        return lines.all();
    }
}
