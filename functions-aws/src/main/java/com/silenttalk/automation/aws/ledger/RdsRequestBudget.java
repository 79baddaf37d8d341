package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.ledger.RequestPacer;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * RDS's request rate shared by every branch of the snapshot fan-out (issue #18): each branch's RDS client waits for
 * its slot in the bucket of the database's placement, its account and region ({@link Placement#rdsBucket()}: RDS
 * throttles per account and region, so two accounts never share a budget), at {@link RequestRate#RDS} (10 requests/s
 * against RDS's ~12) on {@link DynamoDbRequestBudget}, whose table template.yaml names in {@value #TABLE_VARIABLE}.
 */
public record RdsRequestBudget(RequestPacer pacer) {
    public static final String TABLE_VARIABLE = "ST_REQUEST_BUDGET_TABLE";

    public RdsRequestBudget {
        Objects.requireNonNull(pacer, "pacer");
    }

    /** The container's budget over the table the environment names; empty when it names none (opsctl invoke). */
    public static Optional<RdsRequestBudget> of(AwsWiring w) {
        return new SettingsReader(w.environment()).optional(TABLE_VARIABLE).map(table -> new RdsRequestBudget(new RequestPacer(
                new DynamoDbRequestBudget(w.clients().dynamoDb(w.settings().region()), table, RequestRate.RDS), RequestRate.RDS,
                w.clock(), RequestPacer.Sleeper.THREAD)));
    }

    /** What an RDS client of the placement (its account and region) adds to its interceptors. */
    public ExecutionInterceptor interceptorFor(Placement placement) {
        return new RequestBudgetInterceptor(pacer, placement.rdsBucket());
    }

    public List<String> requiredActions() {
        return DynamoDbRequestBudget.REQUIRED_ACTIONS;
    }
}
