package com.silenttalk.automation.infra.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker itself: what it accepts, and that each kind of mistake is reported. */
class CloudFormationSpecCheckerTest {

    private final CloudFormationSpecChecker checker = CloudFormationSpecChecker.fromInstalledSpecification();
    private final AwsTemplates templates = AwsTemplates.load().copy();

    private List<String> check(String yaml) {
        return checker.check(CloudFormationYaml.parse(yaml), "t.yaml", url -> null);
    }

    private List<String> checkPlatform() {
        return templates.checkAgainstSpecification(checker, "platform.yaml");
    }

    @Test
    void parse_whenShortFormTags_producesLongFormIntrinsics() {
        JsonNode template = CloudFormationYaml.parse("""
                Resources:
                  A:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: !Sub '${AWS::StackName}-x'
                      DisplayName: !GetAtt B.TopicName
                      Tags: [{ Key: k, Value: !If [C, !Ref P, !Join ['-', [a, !Select [0, !GetAZs '']]]] }]
                """);

        JsonNode properties = template.at("/Resources/A/Properties");
        assertThat(properties.at("/TopicName/Fn::Sub").asText()).isEqualTo("${AWS::StackName}-x");
        assertThat(properties.at("/DisplayName/Fn::GetAtt").toString()).isEqualTo("[\"B\",\"TopicName\"]");
        assertThat(properties.at("/Tags/0/Value/Fn::If/1/Ref").asText()).isEqualTo("P");
        assertThat(properties.at("/Tags/0/Value/Fn::If/2/Fn::Join/1/1/Fn::Select/1/Fn::GetAZs").asText()).isEmpty();
    }

    @Test
    void parse_whenTemplateFormatVersionUnquoted_keepsItAString() {
        JsonNode template = CloudFormationYaml.parse("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n");

        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    }

    @Test
    void check_whenValidTemplate_reportsNothing() {
        assertThat(check("""
                Parameters:
                  Name: { Type: String }
                Conditions:
                  Named: !Not [!Equals [!Ref Name, '']]
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: !If [Named, !Ref Name, !Ref 'AWS::NoValue']
                  Queue:
                    Type: AWS::SQS::Queue
                    DependsOn: Topic
                    Properties:
                      DelaySeconds: 5
                      QueueName: !Sub '${Name}-${Topic.TopicName}-${AWS::Region}-${!Literal}'
                Outputs:
                  Arn: { Value: !GetAtt Queue.Arn }
                """)).isEmpty();
    }

    @Test
    void check_whenPropertyMisspelled_reportsUnknownProperty() {
        templates.properties("database.yaml", "Database").set("MultiAz",
                templates.properties("database.yaml", "Database").remove("MultiAZ"));

        assertThat(checkPlatform()).containsExactly(
                "database.yaml: Resources.Database.Properties.MultiAz: unknown property for AWS::RDS::DBInstance (aws-resource-rds-dbinstance.html)");
    }

    @Test
    void check_whenNestedPropertyMisspelled_reportsItsPath() {
        ((ObjectNode) templates.properties("edge-waf.yaml", "WebAcl").at("/Rules/1/Statement/RateBasedStatement"))
                .put("Limt", 2000);

        assertThat(templates.checkAgainstSpecification(checker, "edge-waf.yaml")).anySatisfy(problem -> assertThat(problem)
                .isEqualTo("edge-waf.yaml: Resources.WebAcl.Properties.Rules[1].Statement.RateBasedStatement.Limt: "
                        + "unknown property for AWS::WAFv2::WebACL (aws-properties-wafv2-webacl-ratebasedstatement.html)"));
    }

    @Test
    void check_whenRequiredPropertyMissing_reportsIt() {
        templates.properties("app.yaml", "HttpsListener").remove("DefaultActions");

        assertThat(checkPlatform()).containsExactly(
                "app.yaml: Resources.HttpsListener.Properties: missing required property DefaultActions");
    }

    @Test
    void check_whenPrimitiveTypeWrong_reportsExpectedType() {
        assertThat(check("""
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties: { DelaySeconds: soon, FifoQueue: maybe, Tags: { Key: k, Value: v } }
                """)).containsExactlyInAnyOrder(
                "t.yaml: Resources.Queue.Properties.DelaySeconds: expected Integer, got string \"soon\"",
                "t.yaml: Resources.Queue.Properties.FifoQueue: expected Boolean, got string \"maybe\"",
                "t.yaml: Resources.Queue.Properties.Tags: expected a List, got object {\"Key\":\"k\",\"Value\":\"v\"}");
    }

    @Test
    void check_whenResourceTypeUnknown_reportsIt() {
        assertThat(check("Resources:\n  X:\n    Type: AWS::SNS::Topik\n"))
                .containsExactly("t.yaml: Resources.X.Type: unknown resource type AWS::SNS::Topik");
    }

    @Test
    void check_whenRefOrGetAttTargetsAreUndefined_reportsEach() {
        assertThat(check("""
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    DependsOn: Missing
                    Properties:
                      TopicName: !Ref Nowhere
                      DisplayName: !GetAtt Topic.Colour
                      KmsMasterKeyId: !Sub '${Gone.Arn}-${AWS::Regoin}'
                """)).containsExactlyInAnyOrder(
                "t.yaml: Resources.Topic.DependsOn: no resource named Missing",
                "t.yaml: Resources.Topic.Properties.TopicName: Ref to undefined Nowhere",
                "t.yaml: Resources.Topic.Properties.DisplayName: AWS::SNS::Topic has no attribute Colour",
                "t.yaml: Resources.Topic.Properties.KmsMasterKeyId: Fn::GetAtt on undefined resource Gone",
                "t.yaml: Resources.Topic.Properties.KmsMasterKeyId: Fn::Sub: unknown pseudo parameter AWS::Regoin");
    }

    @Test
    void check_whenNestedStackPassesUndeclaredParameter_reportsIt() {
        ((ObjectNode) templates.properties("platform.yaml", "Storage").path("Parameters")).put("BucketSize", "big");

        assertThat(checkPlatform()).containsExactly(
                "platform.yaml: Resources.Storage.Properties.Parameters.BucketSize: storage.yaml declares no parameter BucketSize");
    }

    @Test
    void check_whenNestedStackOmitsRequiredParameter_reportsIt() {
        ((ObjectNode) templates.properties("platform.yaml", "Storage").path("Parameters")).remove("PlatformKeyArn");

        assertThat(checkPlatform()).containsExactly(
                "platform.yaml: Resources.Storage.Properties.Parameters: storage.yaml requires parameter PlatformKeyArn");
    }

    @Test
    void check_whenChildOutputMissing_reportsGetAttOnIt() {
        ((ObjectNode) templates.template("storage.yaml").path("Outputs")).remove("MediaBucketArn");

        assertThat(checkPlatform()).containsExactly(
                "platform.yaml: Resources.Backup.Properties.Parameters.MediaBucketArn: storage.yaml has no output MediaBucketArn");
    }

    @Test
    void check_whenErrorInsideNestedTemplate_reportsItUnderTheChildName() {
        templates.properties("turn.yaml", "AutoScalingGroup").putArray("MinSize");
        assertThat(checkPlatform()).containsExactly(
                "turn.yaml: Resources.AutoScalingGroup.Properties.MinSize: expected String, got array []");
    }

    @Test
    void check_whenSamFunctionUsesSnapStart_acceptsTheDocumentedSpecGap() {
        assertThat(check("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Runtime: java17
                      CodeUri: target/x.jar
                      SnapStart: { ApplyOn: PublishedVersions }
                      Role: !GetAtt FnRole.Arn
                """)).isEmpty();
    }

    @Test
    void check_whenAVariableIsOutsideSub_reportsItButNotPolicyVariablesOrSubLocals() {
        assertThat(check("""
                Parameters:
                  EnvironmentName: { Type: String }
                Metadata:
                  SilentTalk:
                    StackName: silenttalk-${EnvironmentName}-dr
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      DisplayName: !Sub ['${EnvironmentName}-${Suffix}', { Suffix: '${AWS::Region}' }]
                      TopicName: 'literal-${aws:username}-${Topic.TopicName}'
                """)).containsExactly(
                "t.yaml: Metadata.SilentTalk.StackName: ${EnvironmentName} outside Fn::Sub is not substituted (cfn-lint E1029)",
                "t.yaml: Resources.Topic.Properties.DisplayName.Fn::Sub.Suffix: ${AWS::Region} outside Fn::Sub is not substituted (cfn-lint E1029)",
                "t.yaml: Resources.Topic.Properties.TopicName: ${Topic.TopicName} outside Fn::Sub is not substituted (cfn-lint E1029)");
    }
}
