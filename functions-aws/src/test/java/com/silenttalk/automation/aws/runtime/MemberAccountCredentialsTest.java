package com.silenttalk.automation.aws.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.aws.runtime.AwsSettings.MemberRole;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.StsAnswers;
import com.silenttalk.automation.aws.testing.TestAws;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

/** STS's real Query protocol on WireMock: the AssumeRole request, the session's use by RDS, a denied role. */
class MemberAccountCredentialsTest {
    static final String MEMBER = "210987654321";
    static final String EXTERNAL_ID = "st-ops-external-7f3a9c";
    static final String ROLE_ARN = "arn:aws:iam::210987654321:role/silenttalk-ops-member";
    static final String SESSION = "silenttalk-snapshot-20260301T0600Z";
    static final String ASSUMED_KEY = "ASIAMEMBERSESSION001";
    static final String ASSUMED_SECRET = "member-session-secret-never-logged";
    static final String SESSION_TOKEN = "FwoGZXIvYXdzEMember//SessionToken";

    RdsApi api;
    AwsClients clients;
    MemberAccountCredentials members;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        members = new MemberAccountCredentials(TestAws.ACCOUNT, Optional.of(new MemberRole("silenttalk-ops-member", EXTERNAL_ID)),
                clients, clients.client(StsClient.builder(), TestAws.PRIMARY));
        api.on("DescribeDBSnapshots", 200, describeSnapshots());
    }

    @AfterEach
    void stop() {
        members.close();
        clients.close();
        api.close();
    }

    void stsGrants() {
        api.on("AssumeRole", 200, StsAnswers.assumeRole(ROLE_ARN, SESSION, ASSUMED_KEY, ASSUMED_SECRET, SESSION_TOKEN,
                Instant.now().plusSeconds(3600)));
    }

    List<LoggedRequest> sent(String action) {
        return api.server().findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&")));
    }

    @Test
    void rds_whenTheDatabaseIsInAMemberAccount_assumesTheRoleWithTheExternalIdAndSignsRdsWithTheSession() {
        stsGrants();

        members.rds(new Placement(MEMBER, TestAws.PRIMARY), SESSION, List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));

        assertThat(api.requests("AssumeRole")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("Version", "2011-06-15")
                .containsEntry("RoleArn", ROLE_ARN)
                .containsEntry("ExternalId", EXTERNAL_ID)
                .containsEntry("RoleSessionName", SESSION));
        // STS is asked with the function's own credentials, in its region
        assertThat(sent("AssumeRole")).singleElement().satisfies(r -> assertThat(r.getHeader("Authorization"))
                .contains("Credential=" + TestAws.ACCESS_KEY + "/").contains("/" + TestAws.PRIMARY + "/sts/aws4_request"));
        // and RDS with the assumed session's key and token
        assertThat(sent("DescribeDBSnapshots")).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Authorization")).contains("Credential=" + ASSUMED_KEY + "/")
                    .contains("/" + TestAws.PRIMARY + "/rds/aws4_request");
            assertThat(r.getHeader("X-Amz-Security-Token")).isEqualTo(SESSION_TOKEN);
        });
    }

    @Test
    void rds_whenTheSessionIsHeld_assumesOncePerAccountAndSessionName() {
        stsGrants();
        Placement member = new Placement(MEMBER, TestAws.PRIMARY);

        members.rds(member, SESSION, List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));
        members.rds(member, SESSION, List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));
        members.rds(new Placement(MEMBER, "us-east-1"), SESSION, List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));
        assertThat(api.requests("AssumeRole")).hasSize(1);

        members.rds(member, "silenttalk-snapshot-20260301T1200Z", List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));
        assertThat(api.requests("AssumeRole")).extracting(form -> form.get("RoleSessionName"))
                .containsExactly(SESSION, "silenttalk-snapshot-20260301T1200Z");
    }

    @Test
    void rds_whenTheDatabaseIsInTheSuitesAccount_assumesNothing() {
        members.rds(new Placement(TestAws.ACCOUNT, TestAws.DR), SESSION, List.of()).describeDBSnapshots(r -> r.snapshotType("manual"));

        assertThat(api.requests("AssumeRole")).isEmpty();
        assertThat(sent("DescribeDBSnapshots")).singleElement().satisfies(r -> assertThat(r.getHeader("Authorization"))
                .contains("Credential=" + TestAws.ACCESS_KEY + "/"));
    }

    @Test
    void rds_whenStsDeniesTheRole_failsWithOneLineNamingTheAccountAndNotTheExternalId() {
        api.on("AssumeRole", 403, StsAnswers.accessDenied(
                "arn:aws:sts::123456789012:assumed-role/silenttalk-ops-scheduler/silenttalk-ops-snapshot-scheduler", ROLE_ARN));

        assertThatThrownBy(() -> members.rds(new Placement(MEMBER, TestAws.PRIMARY), SESSION, List.of()))
                .isInstanceOf(MemberAccountDeniedException.class)
                .satisfies(e -> {
                    assertThat(((MemberAccountDeniedException) e).account()).isEqualTo(MEMBER);
                    assertThat(e.getMessage()).startsWith("account 210987654321: STS denied sts:AssumeRole on " + ROLE_ARN)
                            .doesNotContain(EXTERNAL_ID).doesNotContain("\n");
                });
        assertThat(api.requests("AssumeRole")).hasSize(1);
        assertThat(api.requests("DescribeDBSnapshots")).isEmpty();
    }

    @Test
    void sessionName_whenLongOrOddlyWritten_staysWithinStsLimits() {
        assertThat(MemberAccountCredentials.sessionName("snapshot", Instant.parse("2026-03-01T06:00:00Z")))
                .isEqualTo("silenttalk-snapshot-20260301T0600Z");
        assertThat(MemberAccountCredentials.sessionName("census branch/x", "w".repeat(80)))
                .hasSize(64).matches("[\\w+=,.@-]+").startsWith("silenttalk-census-branch-x-");
    }
}
