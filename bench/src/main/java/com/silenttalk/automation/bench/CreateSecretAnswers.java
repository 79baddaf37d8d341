package com.silenttalk.automation.bench;

import java.util.List;

/**
 * The Secrets Manager answers (JSON 1.1, as the API reference documents them) of one createSecret step: AWSCURRENT
 * exists, the token's version has no value yet, then a new password and the pending version. Both stub servers
 * replay these: WireMock ({@link ColdStartStub}) and the canned-response server ({@link CannedResponseServer}).
 *
 * @param field a request body field that selects this answer (GetSecretValue by stage or version), or null
 */
record CreateSecretAnswers(String operation, String field, String value, int status, String body) {
    static final String JSON_11 = "application/x-amz-json-1.1";

    static List<CreateSecretAnswers> all() {
        String arn = ColdStartStub.SECRET_ARN;
        String token = AwsRotationCreateSecretRow.TOKEN;
        return List.of(
                new CreateSecretAnswers("DescribeSecret", null, null, 200, """
                        {"ARN": "%s", "Name": "silenttalk/prod/app-db", "RotationEnabled": true,
                         "RotationLambdaARN": "arn:aws:lambda:eu-west-1:123456789012:function:secret-rotation",
                         "RotationRules": {"AutomaticallyAfterDays": 30}, "LastChangedDate": 1.764e9,
                         "VersionIdsToStages": {"%s": ["AWSCURRENT"], "%s": ["AWSPENDING"]}}"""
                        .formatted(arn, ColdStartStub.CURRENT_VERSION, token)),
                new CreateSecretAnswers("GetSecretValue", "VersionStage", "AWSCURRENT", 200, """
                        {"ARN": "%s", "Name": "silenttalk/prod/app-db", "VersionId": "%s",
                         "SecretString": "{\\"engine\\":\\"postgres\\",\\"host\\":\\"orders.cluster-abc.eu-west-1.rds.amazonaws.com\\",\\"port\\":\\"5432\\",\\"username\\":\\"app\\",\\"password\\":\\"bench-old-password-not-real\\",\\"dbname\\":\\"silenttalk\\"}",
                         "VersionStages": ["AWSCURRENT"], "CreatedDate": 1.764e9}""".formatted(arn, ColdStartStub.CURRENT_VERSION)),
                notFound("VersionStage", "AWSPREVIOUS"),
                notFound("VersionId", token),
                new CreateSecretAnswers("GetRandomPassword", null, null, 200, "{\"RandomPassword\": \"Bench0nlyRandomPassword0000000000\"}"),
                new CreateSecretAnswers("PutSecretValue", null, null, 200, "{\"ARN\": \"" + arn + "\", \"Name\": \"silenttalk/prod/app-db\", "
                        + "\"VersionId\": \"" + token + "\", \"VersionStages\": [\"AWSPENDING\"]}"));
    }

    private static CreateSecretAnswers notFound(String field, String value) {
        return new CreateSecretAnswers("GetSecretValue", field, value, 400, "{\"__type\": \"ResourceNotFoundException\", \"Message\": "
                + "\"Secrets Manager can't find the specified secret value for " + field + ": " + value + "\"}");
    }

    /** The SDK writes compact JSON, so a field is selected by its exact text: no parsing, no JSON path. */
    boolean answers(String target, String requestBody) {
        return target.equals("secretsmanager." + operation)
                && (field == null || requestBody.contains("\"" + field + "\":\"" + value + "\""));
    }
}
