package com.silenttalk.automation.aws.runtime;

/**
 * STS refused the member role of an account (AccessDenied): that account's databases are skipped, the others go on.
 * The message is the one line the log gets: the account and the role, never the external id.
 */
public final class MemberAccountDeniedException extends RuntimeException {
    private final String account;

    public MemberAccountDeniedException(String account, String roleArn) {
        super("account " + account + ": STS denied sts:AssumeRole on " + roleArn
                + " (AccessDenied: check the role's trust policy and external id), so its databases are skipped");
        this.account = account;
    }

    public String account() {
        return account;
    }

    /** The one ERROR line of a database skipped for it: the database, the account, why (never the external id). */
    public java.util.Map<String, Object> logLine(String database) {
        return java.util.Map.of("database", database, "account", account, "error", getMessage());
    }
}
