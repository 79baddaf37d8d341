package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The planner answers each protocol the functions' clients speak (JSON, Query, REST-XML) with an empty success the
 * SDK accepts, records the call by service, region, operation and parameters, and never shows a value the SDK's
 * own models mark sensitive.
 */
class DryRunPlannerTest {
    @Test
    void planning_whenEachProtocolIsCalled_answersEmptyAndRecordsServiceRegionOperationAndParameters() {
        DryRunPlanner planner = new DryRunPlanner();
        try (AwsClients clients = AwsClients.planning(planner)) {
            assertThat(clients.dynamoDb("eu-west-1").getItem(r -> r.tableName("gate")
                    .key(Map.of("key", AttributeValue.fromS("cpu-high")))).hasItem()).isFalse();
            DescribeDbSnapshotsResponse snapshots = clients.rds("eu-central-1").describeDBSnapshots(r -> r.snapshotType("manual"));
            assertThat(snapshots.dbSnapshots()).isEmpty();
            ListObjectsV2Response markers = clients.s3("eu-west-1").listObjectsV2(r -> r.bucket("reports").prefix("deployments/"));
            assertThat(markers.contents()).isEmpty();
            clients.sns("eu-west-1").publish(r -> r.topicArn("arn:aws:sns:eu-west-1:123456789012:alerts").message("m"));
            clients.sqs("eu-west-1").getQueueAttributes(r -> r.queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/q"));
            clients.elastiCache("eu-west-1").describeReplicationGroups(r -> r.replicationGroupId("redis-a"));
            clients.route53().listHostedZones();
        }

        assertThat(planner.recorded()).extracting(c -> c.service() + " " + c.target() + " " + c.operation()).containsExactly(
                "dynamodb eu-west-1 GetItem", "rds eu-central-1 DescribeDBSnapshots", "s3 eu-west-1 ListObjectsV2",
                "sns eu-west-1 Publish", "sqs eu-west-1 GetQueueAttributes", "elasticache eu-west-1 DescribeReplicationGroups",
                "route53 aws-global ListHostedZones");
        assertThat(planner.recorded().get(0).parameters()).containsEntry("TableName", "gate")
                .containsEntry("Key", Map.of("key", Map.of("S", "cpu-high")));
        assertThat(planner.recorded().get(2).parameters()).containsEntry("Bucket", "reports").containsEntry("Prefix", "deployments/");
    }

    @Test
    void planning_whenAValueIsSensitive_recordsItRedacted() {
        DryRunPlanner planner = new DryRunPlanner();
        try (AwsClients clients = AwsClients.planning(planner)) {
            clients.secretsManager("eu-west-1").putSecretValue(r -> r.secretId("app-db").clientRequestToken("token-1")
                    .secretString("{\"password\":\"hunter2-very-secret\"}").versionStages(List.of("AWSPENDING")));
        }

        PlannedCall put = planner.recorded().get(0);
        assertThat(put.operation()).isEqualTo("PutSecretValue");
        assertThat(put.parameters()).containsEntry("SecretId", "app-db").containsEntry("SecretString", DryRunPlanner.REDACTED)
                .containsEntry("VersionStages", List.of("AWSPENDING"));
        assertThat(DryRunPlanner.line(put)).doesNotContain("hunter2");
    }
}
