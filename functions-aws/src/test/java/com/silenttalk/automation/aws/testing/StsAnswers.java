package com.silenttalk.automation.aws.testing;

import java.time.Instant;
import java.util.UUID;

/**
 * STS's answers as the service sends them (Query protocol, API version 2011-06-15): the documented AssumeRole
 * response and the AccessDenied error body (HTTP 403) STS returns when the caller may not assume the role.
 */
public final class StsAnswers {
    public static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsAnswers() {
    }

    public static String assumeRole(String roleArn, String session, String accessKeyId, String secretKey, String sessionToken,
                                     Instant expiration) {
        String account = roleArn.split(":")[4];
        String roleName = roleArn.substring(roleArn.indexOf(":role/") + ":role/".length());
        return """
                <AssumeRoleResponse xmlns="%1$s">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::%2$s:assumed-role/%3$s/%4$s</Arn>
                      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:%4$s</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%5$s</AccessKeyId>
                      <SecretAccessKey>%6$s</SecretAccessKey>
                      <SessionToken>%7$s</SessionToken>
                      <Expiration>%8$s</Expiration>
                    </Credentials>
                    <PackedPolicySize>6</PackedPolicySize>
                  </AssumeRoleResult>
                  <ResponseMetadata>
                    <RequestId>%9$s</RequestId>
                  </ResponseMetadata>
                </AssumeRoleResponse>""".formatted(NS, account, roleName, session, accessKeyId, secretKey, sessionToken,
                expiration, UUID.randomUUID());
    }

    /** What STS answers (403) when the role's trust policy does not admit the caller, or the external id is wrong. */
    public static String accessDenied(String callerArn, String roleArn) {
        return """
                <ErrorResponse xmlns="%1$s">
                  <Error>
                    <Type>Sender</Type>
                    <Code>AccessDenied</Code>
                    <Message>User: %2$s is not authorized to perform: sts:AssumeRole on resource: %3$s</Message>
                  </Error>
                  <RequestId>%4$s</RequestId>
                </ErrorResponse>""".formatted(NS, callerArn, roleArn, UUID.randomUUID());
    }
}
