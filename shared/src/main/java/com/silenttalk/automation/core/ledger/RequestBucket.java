package com.silenttalk.automation.core.ledger;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.regex.Pattern;

/**
 * Whose request rate a {@link RequestBudget} shares: one service's API in one account (AWS account id, Azure
 * subscription) and one region, the unit in which the cloud throttles (RDS: per account and per region).
 */
public record RequestBucket(String service, String account, String region) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RequestBucket {
        check("service", service);
        check("account", account);
        check("region", region);
    }

    public static RequestBucket rds(String account, String region) {
        return new RequestBucket("rds", account, region);
    }

    private static void check(String field, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new InvalidFieldException("requestBucket." + field, "must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** The bucket's name in a store: {@code service/account/region}. */
    public String value() {
        return service + "/" + account + "/" + region;
    }

    @Override
    public String toString() {
        return value();
    }
}
