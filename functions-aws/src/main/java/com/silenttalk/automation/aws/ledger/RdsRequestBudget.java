package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestPacer;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * RDS's request rate shared by every branch of the snapshot fan-out (issue #18): each branch's RDS client waits for
 * its slot in the bucket of its account and region ({@link RequestRate#RDS}, 10 requests/s against RDS's ~12) on
 * {@link DynamoDbRequestBudget}, whose table template.yaml names in {@value #TABLE_VARIABLE}.
 */
public record RdsRequestBudget(RequestPacer pacer, String account) {
    public static final String TABLE_VARIABLE = "ST_REQUEST_BUDGET_TABLE";

    public RdsRequestBudget {
        Objects.requireNonNull(pacer, "pacer");
        Objects.requireNonNull(account, "account");
    }

    /** The container's budget over the table the environment names; empty when it names none (opsctl invoke). */
    public static Optional<RdsRequestBudget> of(AwsWiring w) {
        return new SettingsReader(w.environment()).optional(TABLE_VARIABLE).map(table -> new RdsRequestBudget(new RequestPacer(
                new DynamoDbRequestBudget(w.clients().dynamoDb(w.settings().region()), table, RequestRate.RDS), RequestRate.RDS,
                w.clock(), RequestPacer.Sleeper.THREAD), w.settings().accountId()));
    }

    /** What an RDS client of {@code region} adds to its interceptors. */
    public ExecutionInterceptor interceptorFor(String region) {
        return new RequestBudgetInterceptor(pacer, RequestBucket.rds(account, region));
    }

    public List<String> requiredActions() {
        return DynamoDbRequestBudget.REQUIRED_ACTIONS;
    }
}
