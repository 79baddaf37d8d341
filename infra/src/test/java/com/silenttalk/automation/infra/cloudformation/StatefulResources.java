package com.silenttalk.automation.infra.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cfn-lint I3011 as a check: a resource that holds data, or the key to it, states what becomes of it when the
 * stack deletes or replaces it, and that is never plain deletion. Used for infra/aws and template.yaml.
 */
public final class StatefulResources {

    /** cfn-lint 1.51's StatefulResources.json (AdditionalSpecs), S3 buckets included. */
    public static final Set<String> TYPES = Set.of("AWS::Backup::BackupVault", "AWS::CloudFormation::Stack",
            "AWS::Cognito::UserPool", "AWS::DocDB::DBCluster", "AWS::DocDB::DBInstance", "AWS::DynamoDB::GlobalTable",
            "AWS::DynamoDB::Table", "AWS::EC2::Volume", "AWS::EFS::FileSystem", "AWS::EMR::Cluster",
            "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::Elasticsearch::Domain",
            "AWS::FSx::FileSystem", "AWS::KMS::Key", "AWS::Kinesis::Stream", "AWS::Logs::LogGroup",
            "AWS::Neptune::DBCluster", "AWS::Neptune::DBInstance", "AWS::OpenSearchService::Domain",
            "AWS::Organizations::Account", "AWS::QLDB::Ledger", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance",
            "AWS::Redshift::Cluster", "AWS::S3::Bucket", "AWS::SDB::Domain", "AWS::SQS::Queue",
            "AWS::SecretsManager::Secret");

    /** Nested stacks may say Delete: their templates keep their own data. */
    private static final Set<String> MAY_DELETE = Set.of("AWS::CloudFormation::Stack");
    private static final Set<String> KEEPING = Set.of("Retain", "RetainExceptOnCreate", "Snapshot");

    private StatefulResources() {
    }

    /** One line per stateful resource of {@code template} whose DeletionPolicy or UpdateReplacePolicy would destroy it. */
    public static List<String> notRetained(String file, JsonNode template) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : (Iterable<Map.Entry<String, JsonNode>>) () ->
                template.path("Resources").fields()) {
            String type = resource.getValue().path("Type").asText();
            if (!TYPES.contains(type)) {
                continue;
            }
            for (String attribute : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
                JsonNode policy = resource.getValue().path(attribute);
                if (!policy.isTextual()) {
                    violations.add(file + " " + resource.getKey() + " (" + type + "): no " + attribute);
                } else if (!KEEPING.contains(policy.asText()) && !MAY_DELETE.contains(type)) {
                    violations.add(file + " " + resource.getKey() + " (" + type + "): " + attribute + " "
                            + policy.asText() + " destroys its data");
                }
            }
        }
        return violations;
    }
}
