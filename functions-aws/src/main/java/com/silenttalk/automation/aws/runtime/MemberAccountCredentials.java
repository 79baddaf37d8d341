package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.aws.runtime.AwsSettings.MemberRole;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Reaching a database in another account (issue #18): the member role {@code arn:aws:iam::<account>:role/<name>} is
 * assumed with STS ({@code sts:AssumeRole}, the configured external id, a session name that says which function and
 * which window), once per account and session: the SDK's provider keeps the session's credentials and renews them
 * before they expire. Databases in the suite's own account use the container's clients as before.
 *
 * <p>The one piece a caller (the scheduler, a fan-out branch) asks for "RDS of this database's placement": a denied
 * role is {@link MemberAccountDeniedException}, one line naming the account and the role, never the external id.
 * Only the backup functions build it (it brings the STS client, which lambda-census.jar has no room for).
 */
public final class MemberAccountCredentials implements AutoCloseable {
    /** What assuming the member role takes on the suite's side; the member's own actions are its role's (infra/aws/member-account-role.yaml). */
    public static final List<String> REQUIRED_ACTIONS = List.of("sts:AssumeRole");
    private static final Pattern SESSION_CHARACTER = Pattern.compile("[^\\w+=,.@-]");
    private static final int SESSION_NAME_MAX = 64;
    private static final DateTimeFormatter WINDOW_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final String homeAccount;
    private final Optional<MemberRole> role;
    private final AwsClients clients;
    private final StsClient sts;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** One account's current session: its credentials and the RDS clients (per region) that sign with them. */
    private record Session(String name, StsAssumeRoleCredentialsProvider credentials, Map<String, RdsClient> rds) {
        void close() {
            rds.values().forEach(RdsClient::close);
            credentials.close();
        }
    }

    /**
     * @param sts the suite account's STS client (the function's region: a regional endpoint), built by {@code clients}
     */
    public MemberAccountCredentials(String homeAccount, Optional<MemberRole> role, AwsClients clients, StsClient sts) {
        this.homeAccount = Objects.requireNonNull(homeAccount, "homeAccount");
        this.role = Objects.requireNonNull(role, "role");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.sts = Objects.requireNonNull(sts, "sts");
    }

    /** The container's: its settings' member role, STS in the function's region over the container's HTTP client. */
    public static MemberAccountCredentials of(AwsWiring w) {
        AwsSettings s = w.settings();
        return new MemberAccountCredentials(s.accountId(), s.memberRole(), w.clients(),
                w.clients().client(StsClient.builder(), s.region()));
    }

    /** {@code silenttalk-<who>-<window start>}, e.g. {@code silenttalk-snapshot-20260301T0600Z}. */
    public static String sessionName(String who, Instant window) {
        return sessionName(who, WINDOW_STAMP.format(window));
    }

    /**
     * {@code silenttalk-<who>-<why>} within STS's limits (64 of letters, digits and {@code +=,.@_-}): it shows in the
     * member account's CloudTrail as the session of every call made with it.
     */
    public static String sessionName(String who, String why) {
        String name = SESSION_CHARACTER.matcher("silenttalk-" + who + "-" + why).replaceAll("-");
        return name.length() <= SESSION_NAME_MAX ? name : name.substring(0, SESSION_NAME_MAX);
    }

    /**
     * RDS in the placement's account and region: the container's client in the suite's account; otherwise a client
     * signing with the member role's session {@code session}, assumed now if it is not already held (a new session
     * name for an account ends that account's previous session). {@code pacing} (a shared request budget: at most one)
     * is added to the client's interceptors, the container's client of the region included.
     *
     * @throws MemberAccountDeniedException when STS refuses the role (AccessDenied)
     */
    public RdsClient rds(Placement placement, String session, List<ExecutionInterceptor> pacing) {
        if (pacing.size() > 1) {
            throw new IllegalArgumentException("one pacing interceptor per placement, got " + pacing.size());
        }
        if (placement.account().equals(homeAccount)) {
            return pacing.isEmpty() ? clients.rds(placement.region()) : clients.rds(placement.region(), pacing.get(0));
        }
        Session held = session(placement.account(), session);
        return held.rds().computeIfAbsent(placement.region(),
                region -> clients.rdsIn(placement.account(), region, held.credentials(), pacing));
    }

    /**
     * The member role's credentials for an account, assumed now if this session is not already held.
     *
     * @throws MemberAccountDeniedException when STS refuses the role (AccessDenied)
     */
    public AwsCredentialsProvider credentials(String account, String session) {
        return session(account, session).credentials();
    }

    private Session session(String account, String name) {
        MemberRole member = role.orElseThrow(() -> new IllegalStateException("no member role configured for account " + account
                + " (AwsSettings refuses such a configuration)"));
        Session held = sessions.get(account);
        if (held != null && held.name().equals(name)) {
            return held;
        }
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(member.arnIn(account)).roleSessionName(name).externalId(member.externalId()))
                .build();
        try {
            // assumed now, so that a refusal is known before any of the account's databases is touched
            provider.resolveCredentials();
        } catch (SdkException e) {
            provider.close();
            Optional<StsException> refusal = stsRefusal(e);
            if (refusal.isPresent() && "AccessDenied".equals(refusal.get().awsErrorDetails().errorCode())) {
                throw new MemberAccountDeniedException(account, member.arnIn(account));
            }
            throw e;
        }
        Session fresh = new Session(name, provider, new ConcurrentHashMap<>());
        Session previous = sessions.put(account, fresh);
        if (previous != null) {
            previous.close();
        }
        return fresh;
    }

    /** The provider may hand STS's error on as the cause of its own. */
    private static Optional<StsException> stsRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StsException sts && sts.awsErrorDetails() != null) {
                return Optional.of(sts);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        sessions.values().forEach(Session::close);
        sessions.clear();
        sts.close();
    }
}
