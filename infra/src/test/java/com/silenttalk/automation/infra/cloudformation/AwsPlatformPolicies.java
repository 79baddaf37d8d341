package com.silenttalk.automation.infra.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.infra.cloudformation.AwsTemplates.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The platform requirements of issue 8 as executable checks over infra/aws. Each method returns the
 * violations it finds (empty when the templates comply), so a test can also show it catching a
 * deliberately broken template.
 */
final class AwsPlatformPolicies {

    static final String SIX_HOURLY = "cron(0 */6 * * ? *)";
    static final Set<String> TLS13_ALB_POLICIES = Set.of("ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06");

    private AwsPlatformPolicies() {
    }

    static List<String> networkSpansThreeZonesInThreeTiers(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        for (String tier : List.of("Public", "Private", "Isolated")) {
            Set<Integer> zones = new HashSet<>();
            for (Resource subnet : t.resources("AWS::EC2::Subnet")) {
                if (subnet.logicalId().startsWith(tier)) {
                    JsonNode select = subnet.properties().path("AvailabilityZone").path("Fn::Select");
                    if (select.path(1).has("Fn::GetAZs")) {
                        zones.add(select.path(0).asInt(-1));
                    }
                }
            }
            if (!zones.equals(Set.of(0, 1, 2))) {
                violations.add(tier + " subnets cover zones " + zones + ", expected [0, 1, 2]");
            }
        }
        if (t.resources("AWS::EC2::NatGateway").size() < 3) {
            violations.add("expected one NAT gateway per zone, found " + t.resources("AWS::EC2::NatGateway").size());
        }
        for (Resource table : t.resources("AWS::EC2::Route")) {
            if (table.logicalId().startsWith("Isolated")) {
                violations.add(table.where() + ": isolated subnets must have no default route");
            }
        }
        return violations;
    }

    static List<String> vpcFlowLogsCaptureAllTraffic(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        List<Resource> logs = t.resources("AWS::EC2::FlowLog");
        if (logs.isEmpty()) {
            violations.add("no AWS::EC2::FlowLog");
        }
        for (Resource log : logs) {
            expect(violations, log, "TrafficType", "ALL");
            expect(violations, log, "ResourceType", "VPC");
        }
        return violations;
    }

    static List<String> databaseIsMultiAz(AwsTemplates t) {
        return forEach(t, "AWS::RDS::DBInstance", (db, violations) -> expect(violations, db, "MultiAZ", true));
    }

    static List<String> databaseKeepsThirtyDaysOfBackups(AwsTemplates t) {
        return forEach(t, "AWS::RDS::DBInstance",
                (db, violations) -> expect(violations, db, "BackupRetentionPeriod", 30));
    }

    static List<String> databaseIsProtectedAndEncrypted(AwsTemplates t) {
        return forEach(t, "AWS::RDS::DBInstance", (db, violations) -> {
            expect(violations, db, "DeletionProtection", true);
            expect(violations, db, "StorageEncrypted", true);
            expect(violations, db, "PubliclyAccessible", false);
            if (!"Snapshot".equals(db.node().path("DeletionPolicy").asText())) {
                violations.add(db.where() + ": DeletionPolicy must be Snapshot");
            }
        });
    }

    static List<String> databaseRequiresTls(AwsTemplates t) {
        return forEach(t, "AWS::RDS::DBInstance", (db, violations) -> {
            String group = db.properties().path("DBParameterGroupName").path("Ref").asText();
            JsonNode parameters = t.properties(db.file(), group).path("Parameters");
            if (!"1".equals(parameters.path("rds.force_ssl").asText())) {
                violations.add(db.where() + ": parameter group " + group + " must set rds.force_ssl to 1");
            }
            if (!"TLSv1.3".equals(parameters.path("ssl_min_protocol_version").asText())) {
                violations.add(db.where() + ": ssl_min_protocol_version must be TLSv1.3");
            }
        });
    }

    static List<String> cacheIsClusteredMultiAzWithFailoverTlsAndAuth(AwsTemplates t) {
        return forEach(t, "AWS::ElastiCache::ReplicationGroup", (cache, violations) -> {
            expect(violations, cache, "MultiAZEnabled", true);
            expect(violations, cache, "AutomaticFailoverEnabled", true);
            expect(violations, cache, "TransitEncryptionEnabled", true);
            expect(violations, cache, "TransitEncryptionMode", "required");
            expect(violations, cache, "AtRestEncryptionEnabled", true);
            if (!cache.properties().path("CacheParameterGroupName").asText().endsWith(".cluster.on")
                    || !cache.properties().has("NumNodeGroups")) {
                violations.add(cache.where() + ": cluster mode needs NumNodeGroups and a .cluster.on parameter group");
            }
            if (t.resolve(cache.file(), cache.properties().path("ReplicasPerNodeGroup")).asInt(0) < 1) {
                violations.add(cache.where() + ": at least one replica per shard");
            }
            if (!cache.properties().path("AuthToken").toString().contains("{{resolve:secretsmanager:")) {
                violations.add(cache.where() + ": AuthToken must be a Secrets Manager dynamic reference");
            }
        });
    }

    static List<String> bucketIsVersionedEncryptedPrivateWithLifecycle(AwsTemplates t) {
        return forEach(t, "AWS::S3::Bucket", (bucket, violations) -> {
            JsonNode p = bucket.properties();
            if (!"Enabled".equals(p.path("VersioningConfiguration").path("Status").asText())) {
                violations.add(bucket.where() + ": versioning must be Enabled");
            }
            if (!"aws:kms".equals(p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText())) {
                violations.add(bucket.where() + ": default encryption must be aws:kms");
            }
            for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                if (!p.path("PublicAccessBlockConfiguration").path(flag).asBoolean(false)) {
                    violations.add(bucket.where() + ": PublicAccessBlockConfiguration." + flag + " must be true");
                }
            }
            if (p.path("LifecycleConfiguration").path("Rules").size() == 0) {
                violations.add(bucket.where() + ": lifecycle rules are required");
            }
        });
    }

    static List<String> appTiersRunThreeToTenTasks(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        List<Resource> targets = t.resources("AWS::ApplicationAutoScaling::ScalableTarget");
        List<Resource> services = t.resources("AWS::ECS::Service");
        if (services.size() != 2 || targets.size() != services.size()) {
            violations.add("expected server and client services, each with a scalable target; found " + services.size()
                    + " services and " + targets.size() + " targets");
        }
        for (Resource target : targets) {
            expect(violations, target, "MinCapacity", 3);
            expect(violations, target, "MaxCapacity", 10);
        }
        for (Resource service : services) {
            expect(violations, service, "DesiredCount", 3);
            expect(violations, service, "LaunchType", "FARGATE");
        }
        return violations;
    }

    static List<String> appTiersScaleOutAt70AndInUnder30ForFiveMinutes(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        for (Resource target : t.resources("AWS::ApplicationAutoScaling::ScalableTarget")) {
            boolean out = false;
            boolean in = false;
            for (Resource policy : t.resources("AWS::ApplicationAutoScaling::ScalingPolicy")) {
                if (!policy.properties().path("ScalingTargetId").path("Ref").asText().equals(target.logicalId())) {
                    continue;
                }
                for (Resource alarm : t.resources("AWS::CloudWatch::Alarm")) {
                    if (!alarm.properties().path("AlarmActions").toString().contains("\"" + policy.logicalId() + "\"")) {
                        continue;
                    }
                    JsonNode a = alarm.properties();
                    boolean cpu = "CPUUtilization".equals(a.path("MetricName").asText());
                    int seconds = a.path("Period").asInt() * a.path("EvaluationPeriods").asInt();
                    int step = policy.properties().at("/StepScalingPolicyConfiguration/StepAdjustments/0/ScalingAdjustment").asInt();
                    out |= cpu && seconds == 300 && a.path("Threshold").asDouble() == 70
                            && "GreaterThanThreshold".equals(a.path("ComparisonOperator").asText()) && step > 0;
                    in |= cpu && seconds == 300 && a.path("Threshold").asDouble() == 30
                            && "LessThanThreshold".equals(a.path("ComparisonOperator").asText()) && step < 0;
                }
            }
            if (!out) {
                violations.add(target.where() + ": no scale-out on CPU > 70% for 5 minutes");
            }
            if (!in) {
                violations.add(target.where() + ": no scale-in on CPU < 30% for 5 minutes");
            }
        }
        return violations;
    }

    static List<String> appTiersHaveHealthChecks(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        for (Resource group : t.resources("AWS::ElasticLoadBalancingV2::TargetGroup")) {
            if (group.file().equals("app.yaml") && !group.properties().has("HealthCheckPath")) {
                violations.add(group.where() + ": HealthCheckPath is required");
            }
        }
        for (Resource task : t.resources("AWS::ECS::TaskDefinition")) {
            for (JsonNode container : task.properties().path("ContainerDefinitions")) {
                if (!container.has("HealthCheck")) {
                    violations.add(task.where() + ": container " + container.path("Name").asText() + " has no HealthCheck");
                }
            }
        }
        for (Resource service : t.resources("AWS::ECS::Service")) {
            if (!service.properties().has("HealthCheckGracePeriodSeconds")) {
                violations.add(service.where() + ": HealthCheckGracePeriodSeconds is required behind a load balancer");
            }
        }
        return violations;
    }

    static List<String> loadBalancerUsesTls13Policy(AwsTemplates t) {
        return forEach(t, "AWS::ElasticLoadBalancingV2::Listener", (listener, violations) -> {
            String protocol = listener.properties().path("Protocol").asText();
            if (listener.file().equals("app.yaml")) {
                if (!protocol.equals("HTTPS")) {
                    violations.add(listener.where() + ": the ALB listens on HTTPS only, found " + protocol);
                } else if (!TLS13_ALB_POLICIES.contains(listener.properties().path("SslPolicy").asText())) {
                    violations.add(listener.where() + ": SslPolicy must be ELBSecurityPolicy-TLS13-1-2-2021-06 or stricter, found "
                            + listener.properties().path("SslPolicy").asText());
                }
            }
        });
    }

    static List<String> cloudFrontServesHttpsOnlyWithStrictestViewerPolicy(AwsTemplates t) {
        return forEach(t, "AWS::CloudFront::Distribution", (distribution, violations) -> {
            JsonNode config = distribution.properties().path("DistributionConfig");
            if (!"TLSv1.2_2021".equals(config.at("/ViewerCertificate/MinimumProtocolVersion").asText())) {
                violations.add(distribution.where() + ": MinimumProtocolVersion must be TLSv1.2_2021");
            }
            List<JsonNode> behaviors = new ArrayList<>();
            behaviors.add(config.path("DefaultCacheBehavior"));
            config.path("CacheBehaviors").forEach(behaviors::add);
            for (JsonNode behavior : behaviors) {
                String policy = behavior.path("ViewerProtocolPolicy").asText();
                if (!policy.equals("redirect-to-https") && !policy.equals("https-only")) {
                    violations.add(distribution.where() + ": ViewerProtocolPolicy " + policy + " allows plain HTTP");
                }
            }
            if (!config.has("WebACLId")) {
                violations.add(distribution.where() + ": no WAF web ACL attached");
            }
        });
    }

    static List<String> wafLimitsEachIpTo2000RequestsPerFiveMinutes(AwsTemplates t) {
        return rateRule(t, false, 2000);
    }

    static List<String> wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes(AwsTemplates t) {
        return rateRule(t, true, 1000);
    }

    private static List<String> rateRule(AwsTemplates t, boolean api, int limit) {
        return forEach(t, "AWS::WAFv2::WebACL", (acl, violations) -> {
            boolean found = false;
            for (JsonNode rule : acl.properties().path("Rules")) {
                JsonNode rate = rule.at("/Statement/RateBasedStatement");
                if (rate.isMissingNode()) {
                    continue;
                }
                JsonNode scope = rate.at("/ScopeDownStatement/ByteMatchStatement");
                boolean apiScoped = scope.has("FieldToMatch") && scope.path("FieldToMatch").has("UriPath")
                        && "STARTS_WITH".equals(scope.path("PositionalConstraint").asText())
                        && "/api".equals(scope.path("SearchString").asText());
                if (apiScoped != api || rate.has("ScopeDownStatement") != api) {
                    continue;
                }
                found = true;
                if (rate.path("Limit").asInt() != limit || !"IP".equals(rate.path("AggregateKeyType").asText())
                        || !rule.at("/Action").has("Block")) {
                    violations.add(acl.where() + ": rule " + rule.path("Name").asText() + " must block above " + limit
                            + " requests per IP, found Limit " + rate.path("Limit").asText());
                }
            }
            if (!found) {
                violations.add(acl.where() + ": no " + (api ? "/api " : "general ") + "rate-based rule");
            }
        });
    }

    static List<String> wafUsesAwsManagedRuleSets(AwsTemplates t) {
        return forEach(t, "AWS::WAFv2::WebACL", (acl, violations) -> {
            Set<String> groups = new HashSet<>();
            acl.properties().path("Rules").forEach(rule -> groups.add(
                    rule.at("/Statement/ManagedRuleGroupStatement/Name").asText()));
            for (String required : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")) {
                if (!groups.contains(required)) {
                    violations.add(acl.where() + ": missing managed rule group " + required);
                }
            }
            expect(violations, acl, "Scope", "CLOUDFRONT");
        });
    }

    static List<String> turnRunsTwoToSixT3Medium(AwsTemplates t) {
        return forEach(t, "AWS::AutoScaling::AutoScalingGroup", (group, violations) -> {
            expect(violations, group, "MinSize", "2");
            expect(violations, group, "MaxSize", "6");
            String template = group.properties().at("/LaunchTemplate/LaunchTemplateId/Ref").asText();
            JsonNode type = t.resolve(group.file(),
                    t.properties(group.file(), template).at("/LaunchTemplateData/InstanceType"));
            if (!"t3.medium".equals(type.asText())) {
                violations.add(group.where() + ": TURN instances must be t3.medium, found " + type);
            }
        });
    }

    static List<String> turnOpensSignallingTlsAndRelayPorts(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        JsonNode ingress = t.properties("network.yaml", "TurnSecurityGroup").path("SecurityGroupIngress");
        for (String rule : List.of("udp 3478-3478", "tcp 3478-3478", "tcp 5349-5349", "udp 49152-65535")) {
            boolean open = false;
            for (JsonNode entry : ingress) {
                open |= rule.equals(entry.path("IpProtocol").asText() + " " + entry.path("FromPort").asText() + "-"
                        + entry.path("ToPort").asText());
            }
            if (!open) {
                violations.add("TurnSecurityGroup does not open " + rule);
            }
        }
        return violations;
    }

    static List<String> turnReadsLongTermCredentialsFromSecretsManager(AwsTemplates t) {
        return forEach(t, "AWS::EC2::LaunchTemplate", (template, violations) -> {
            String userData = template.properties().at("/LaunchTemplateData/UserData").toString();
            for (String needed : List.of("secretsmanager get-secret-value", "${TurnCredentialsSecretArn}",
                    "setup-turn-server.sh", "TURN_PASSWORD=")) {
                if (!userData.contains(needed)) {
                    violations.add(template.where() + ": user data does not contain " + needed);
                }
            }
        });
    }

    static List<String> secretsRotateWithTheRotationFunction(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        for (Resource secret : t.resources("AWS::SecretsManager::Secret")) {
            boolean rotated = t.resources("AWS::SecretsManager::RotationSchedule").stream().anyMatch(schedule ->
                    schedule.properties().path("SecretId").path("Ref").asText().equals(secret.logicalId())
                            && schedule.properties().path("RotationLambdaARN").path("Ref").asText().equals("RotationFunctionArn"));
            if (!rotated) {
                violations.add(secret.where() + ": no RotationSchedule using RotationFunctionArn");
            }
        }
        return violations;
    }

    static List<String> backupsRunEverySixHoursKeepThirtyDaysAndCopyToDr(AwsTemplates t) {
        return forEach(t, "AWS::Backup::BackupPlan", (plan, violations) -> {
            JsonNode rules = plan.properties().at("/BackupPlan/BackupPlanRule");
            boolean ok = false;
            for (JsonNode rule : rules) {
                ok |= SIX_HOURLY.equals(rule.path("ScheduleExpression").asText())
                        && rule.at("/Lifecycle/DeleteAfterDays").asInt() == 30
                        && rule.at("/CopyActions/0/DestinationBackupVaultArn/Ref").asText().equals("DrBackupVaultArn")
                        && rule.at("/CopyActions/0/Lifecycle/DeleteAfterDays").asInt() == 30;
            }
            if (!ok) {
                violations.add(plan.where() + ": needs a rule " + SIX_HOURLY
                        + " keeping 30 days and copying to DrBackupVaultArn for 30 days");
            }
        });
    }

    static final int VAULT_LOCK_MIN_RETENTION_DAYS = 30;
    /** AWS Backup's shortest cooling-off time before a compliance-mode lock becomes immutable. */
    static final int VAULT_LOCK_MIN_CHANGEABLE_DAYS = 3;
    static final List<String> RECOVERY_POINT_DESTROYING_ACTIONS = List.of("backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle");

    /**
     * Issue 15: every Backup vault has a Vault Lock in compliance mode (ChangeableForDays set, from a parameter of at
     * least 3 days) keeping recovery points at least 30 days, and every plan rule and copy keeps them at least that
     * long (AWS Backup fails a job whose lifecycle is shorter than the vault's minimum).
     */
    static List<String> backupVaultsAreLockedInComplianceModeForThirtyDays(AwsTemplates t) {
        List<String> violations = forEach(t, "AWS::Backup::BackupVault", (vault, found) -> {
            JsonNode lock = vault.properties().path("LockConfiguration");
            if (!lock.isObject()) {
                found.add(vault.where() + ": no Vault Lock (LockConfiguration)");
                return;
            }
            JsonNode min = t.resolve(vault.file(), lock.path("MinRetentionDays"));
            if (!min.canConvertToInt() || min.asInt() < VAULT_LOCK_MIN_RETENTION_DAYS) {
                found.add(vault.where() + ": MinRetentionDays must be at least " + VAULT_LOCK_MIN_RETENTION_DAYS + ", found " + min);
            }
            JsonNode changeable = lock.path("ChangeableForDays");
            if (changeable.isMissingNode()) {
                found.add(vault.where() + ": no ChangeableForDays, so the lock is in governance mode (removable by IAM)");
            } else {
                JsonNode parameter = t.template(vault.file()).path("Parameters").path(changeable.path("Ref").asText());
                if (!parameter.isObject() || parameter.path("MinValue").asInt(0) < VAULT_LOCK_MIN_CHANGEABLE_DAYS) {
                    found.add(vault.where() + ": ChangeableForDays must be a parameter with MinValue "
                            + VAULT_LOCK_MIN_CHANGEABLE_DAYS + ", found " + changeable);
                }
            }
        });
        for (Resource plan : t.resources("AWS::Backup::BackupPlan")) {
            for (JsonNode rule : plan.properties().at("/BackupPlan/BackupPlanRule")) {
                List<JsonNode> lifecycles = new ArrayList<>();
                lifecycles.add(rule.path("Lifecycle"));
                rule.path("CopyActions").forEach(copy -> lifecycles.add(copy.path("Lifecycle")));
                for (JsonNode lifecycle : lifecycles) {
                    if (lifecycle.path("DeleteAfterDays").asInt(Integer.MAX_VALUE) < VAULT_LOCK_MIN_RETENTION_DAYS) {
                        violations.add(plan.where() + ": rule " + rule.path("RuleName").asText() + " deletes after "
                                + lifecycle.path("DeleteAfterDays").asInt() + " days, below the vaults' lock minimum");
                    }
                }
            }
        }
        return violations;
    }

    /** Issue 15: every vault's access policy denies deleting (or shortening) a recovery point to every principal. */
    static List<String> backupVaultsDenyDeletingRecoveryPointsToEveryone(AwsTemplates t) {
        return forEach(t, "AWS::Backup::BackupVault", (vault, violations) -> {
            Set<String> denied = new HashSet<>();
            for (JsonNode statement : vault.properties().at("/AccessPolicy/Statement")) {
                if ("Deny".equals(statement.path("Effect").asText()) && isEveryone(statement.path("Principal"))
                        && "*".equals(statement.path("Resource").asText()) && !statement.has("Condition")) {
                    strings(statement.path("Action")).forEach(denied::add);
                }
            }
            for (String action : RECOVERY_POINT_DESTROYING_ACTIONS) {
                if (!denied.contains(action)) {
                    violations.add(vault.where() + ": the access policy does not deny " + action + " to every principal");
                }
            }
        });
    }

    /** Issue 15: the DR vault lets only the workload account copy in, and allows nothing else to anybody. */
    static List<String> drVaultTakesCopiesFromTheWorkloadAccountOnly(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        Resource vault = new Resource("dr-region.yaml", "DrVault", t.resource("dr-region.yaml", "DrVault"));
        boolean copyIn = false;
        for (JsonNode statement : vault.properties().at("/AccessPolicy/Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            List<String> actions = strings(statement.path("Action"));
            String principal = statement.path("Principal").path("AWS").toString();
            boolean workloadAccount = principal.contains("${WorkloadAccountId}") && principal.contains("SeparateDrAccount")
                    && !isEveryone(statement.path("Principal"));
            if (!actions.equals(List.of("backup:CopyIntoBackupVault"))) {
                violations.add(vault.where() + ": statement " + statement.path("Sid").asText() + " allows " + actions
                        + "; the DR vault allows only backup:CopyIntoBackupVault");
            } else if (!workloadAccount) {
                violations.add(vault.where() + ": backup:CopyIntoBackupVault is allowed to " + principal
                        + ", not the workload account (WorkloadAccountId) only");
            } else {
                copyIn = true;
            }
        }
        if (!copyIn) {
            violations.add(vault.where() + ": no statement lets the workload account copy recovery points in");
        }
        if (!t.template("dr-region.yaml").path("Parameters").has("WorkloadAccountId")) {
            violations.add("dr-region.yaml lacks parameter WorkloadAccountId");
        }
        return violations;
    }

    /** cfn-lint I3011 over infra/aws: nothing that holds data or its key is deleted with its stack. */
    static List<String> statefulResourcesAreRetained(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        t.files().forEach((file, template) -> violations.addAll(StatefulResources.notRetained(file, template)));
        return violations;
    }

    static List<String> alarmsCoverTheSeedThresholdsAndReachTheAlertFunction(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        String file = "monitoring.yaml";
        List<Resource> alarms = t.resources("AWS::CloudWatch::Alarm").stream().filter(a -> a.file().equals(file)).toList();
        requireAlarm(violations, alarms, "CPU > 70", a -> metric(a, "CPUUtilization") && above(a, 70));
        requireAlarm(violations, alarms, "memory > 80", a -> metric(a, "MemoryUtilization") && above(a, 80));
        requireAlarm(violations, alarms, "DB connections > 80%", a -> a.properties().toString().contains("DatabaseConnections") && above(a, 80));
        requireAlarm(violations, alarms, "disk > 85%", a -> a.properties().toString().contains("FreeStorageSpace") && above(a, 85));
        requireAlarm(violations, alarms, "5xx > 10 in 5 minutes", a -> a.properties().toString().contains("5XX_Count")
                && above(a, 10) && a.properties().toString().contains("\"Period\":300"));
        requireAlarm(violations, alarms, "health checks", a -> metric(a, "UnHealthyHostCount"));
        for (Resource alarm : alarms) {
            if (!alarm.properties().path("AlarmActions").toString().contains("\"AlertTopic\"")) {
                violations.add(alarm.where() + ": must notify AlertTopic");
            }
        }
        boolean backupRule = t.resources("AWS::Events::Rule").stream().anyMatch(rule ->
                rule.properties().at("/EventPattern/source").toString().contains("aws.backup")
                        && rule.properties().at("/EventPattern/detail/state").toString().contains("FAILED")
                        && rule.properties().path("Targets").toString().contains("AlertTopic"));
        if (!backupRule) {
            violations.add("no EventBridge rule sending failed backup jobs to AlertTopic");
        }
        boolean subscribed = t.resources("AWS::SNS::Subscription").stream().anyMatch(s ->
                "lambda".equals(s.properties().path("Protocol").asText())
                        && "AlertFunctionArn".equals(s.properties().at("/Endpoint/Ref").asText()));
        if (!subscribed) {
            violations.add("AlertTopic is not subscribed by AlertFunctionArn");
        }
        return violations;
    }

    static List<String> logsAreKeptThirtyDays(AwsTemplates t) {
        return forEach(t, "AWS::Logs::LogGroup", (group, violations) -> expect(violations, group, "RetentionInDays", 30));
    }

    static List<String> iamGrantsNoWildcardActions(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        t.files().forEach((file, template) -> findWildcards(file, template, violations));
        return violations;
    }

    static List<String> rootStackExposesParametersAndOutputsForTheSuite(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        JsonNode root = t.template("platform.yaml");
        for (String parameter : List.of("EnvironmentName", "DomainName", "DrRegion", "DrAccountId",
                "VaultLockChangeableForDays", "DbInstanceClass", "CacheNodeType",
                "TaskCpu", "TurnInstanceType", "RotationFunctionArn", "AlertFunctionArn")) {
            if (!root.path("Parameters").has(parameter)) {
                violations.add("platform.yaml lacks parameter " + parameter);
            }
        }
        for (String output : List.of("DatabaseInstanceId", "DatabaseInstanceArn", "DatabaseMasterSecretArn",
                "CacheReplicationGroupId", "CacheAuthSecretArn", "DrRegion", "DrKeyArn", "BackupVaultName",
                "ClusterName", "ServerServiceName", "ClientServiceName", "AlertTopicArn", "TurnAutoScalingGroupName")) {
            if (!root.path("Outputs").has(output)) {
                violations.add("platform.yaml lacks output " + output);
            }
        }
        return violations;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static boolean isEveryone(JsonNode principal) {
        return "*".equals(principal.asText()) || "*".equals(principal.path("AWS").asText());
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    private interface Check {
        void apply(Resource resource, List<String> violations);
    }

    private static List<String> forEach(AwsTemplates t, String type, Check check) {
        List<String> violations = new ArrayList<>();
        List<Resource> resources = t.resources(type);
        if (resources.isEmpty()) {
            violations.add("no " + type + " in infra/aws");
        }
        resources.forEach(resource -> check.apply(resource, violations));
        return violations;
    }

    private static void expect(List<String> violations, Resource resource, String property, Object expected) {
        JsonNode actual = resource.properties().path(property);
        boolean ok;
        if (expected instanceof Boolean b) {
            ok = actual.isBoolean() && actual.asBoolean() == b || actual.isTextual() && actual.asText().equals(b.toString());
        } else if (expected instanceof Integer i) {
            ok = actual.isNumber() && actual.asInt() == i || actual.isTextual() && actual.asText().equals(i.toString());
        } else {
            ok = actual.isValueNode() && actual.asText().equals(expected.toString());
        }
        if (!ok) {
            violations.add(resource.where() + ": " + property + " must be " + expected + ", found "
                    + (actual.isMissingNode() ? "nothing" : actual.toString()));
        }
    }

    private static boolean metric(Resource alarm, String name) {
        return name.equals(alarm.properties().path("MetricName").asText());
    }

    private static boolean above(Resource alarm, double threshold) {
        return alarm.properties().path("Threshold").asDouble() == threshold
                && "GreaterThanThreshold".equals(alarm.properties().path("ComparisonOperator").asText());
    }

    private static void requireAlarm(List<String> violations, List<Resource> alarms, String what,
            Predicate<Resource> matches) {
        if (alarms.stream().noneMatch(matches)) {
            violations.add("no alarm for " + what);
        }
    }

    private static void findWildcards(String file, JsonNode node, List<String> violations) {
        if (node.isObject() && "Allow".equals(node.path("Effect").asText()) && node.has("Action")) {
            List<JsonNode> actions = new ArrayList<>();
            if (node.path("Action").isArray()) {
                node.path("Action").forEach(actions::add);
            } else {
                actions.add(node.path("Action"));
            }
            for (JsonNode action : actions) {
                if (action.asText().equals("*") || action.asText().endsWith(":*")) {
                    violations.add(file + ": statement " + node.path("Sid").asText("(no Sid)") + " allows " + action.asText());
                }
            }
        }
        node.forEach(child -> findWildcards(file, child, violations));
    }
}
