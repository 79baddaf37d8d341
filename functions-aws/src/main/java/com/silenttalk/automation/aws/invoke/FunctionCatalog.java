package com.silenttalk.automation.aws.invoke;

import com.silenttalk.automation.aws.alerting.AlarmNotificationHandler;
import com.silenttalk.automation.aws.backup.CensusBranchHandler;
import com.silenttalk.automation.aws.backup.RetentionPrunerHandler;
import com.silenttalk.automation.aws.backup.SnapshotCensusHandler;
import com.silenttalk.automation.aws.backup.SnapshotBranchHandler;
import com.silenttalk.automation.aws.backup.SnapshotCopierHandler;
import com.silenttalk.automation.aws.backup.SnapshotSchedulerHandler;
import com.silenttalk.automation.aws.drill.DrillStepHandler;
import com.silenttalk.automation.aws.failover.FailoverReachabilityHandler;
import com.silenttalk.automation.aws.failover.FailoverStepHandler;
import com.silenttalk.automation.aws.rotation.SecretsManagerRotationHandler;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every Lambda function of the suite: its name, its template.yaml resource and how to wire it over a container's
 * wiring (what {@code opsctl invoke} and the template tests start). It sits above the capabilities, which it lists;
 * {@code aws.runtime} below them knows none.
 */
public final class FunctionCatalog {
    /**
     * @param name      what operators type ({@code opsctl invoke --function NAME})
     * @param logicalId the AWS::Serverless::Function in template.yaml
     */
    public record Entry(String name, String logicalId, Class<? extends AwsFunction> handler, String trigger,
                        Function<AwsWiring, AwsFunction> factory) {
        public String handlerReference() {
            return handler.getName() + "::handleRequest";
        }
    }

    public static final List<Entry> FUNCTIONS = List.of(
            new Entry(CensusBranchHandler.NAME, "CensusBranchFunction", CensusBranchHandler.class,
                    "SnapshotFanOutStateMachine (schedule rate(6 hours)): each database's branch, first task",
                    CensusBranchHandler::new),
            new Entry(SnapshotBranchHandler.NAME, "SnapshotBranchFunction", SnapshotBranchHandler.class,
                    "SnapshotFanOutStateMachine (schedule rate(6 hours)): each database's branch, after its census",
                    SnapshotBranchHandler::new),
            new Entry(SnapshotCensusHandler.NAME, "SnapshotCensusFunction", SnapshotCensusHandler.class,
                    "by hand, every database in one invocation; its invocation record, success or failure, starts snapshot-scheduler",
                    SnapshotCensusHandler::new),
            new Entry(SnapshotSchedulerHandler.NAME, "SnapshotSchedulerFunction", SnapshotSchedulerHandler.class,
                    "snapshot-census's on-success and on-failure destination (the six-hourly scheduled event inside)",
                    SnapshotSchedulerHandler::new),
            new Entry(SnapshotCopierHandler.NAME, "SnapshotCopierFunction", SnapshotCopierHandler.class,
                    "RDS manual snapshot created events; sweep rate(30 minutes)", SnapshotCopierHandler::new),
            new Entry(RetentionPrunerHandler.NAME, "RetentionPrunerFunction", RetentionPrunerHandler.class,
                    "schedule daily", RetentionPrunerHandler::new),
            new Entry(DrillStepHandler.NAME, "DrillStepFunction", DrillStepHandler.class,
                    "Step Functions drill loop (monthly schedule or manual start)", DrillStepHandler::new),
            new Entry(SecretsManagerRotationHandler.NAME, "SecretRotationFunction",
                    SecretsManagerRotationHandler.class,
                    "Secrets Manager rotation schedules on the app database and Redis AUTH token secrets",
                    SecretsManagerRotationHandler::new),
            new Entry(AlarmNotificationHandler.NAME, "AlarmNotifierFunction", AlarmNotificationHandler.class,
                    "CloudWatch alarm notifications on the alerts SNS topic; EventBridge alarm state changes (composite alarms)",
                    AlarmNotificationHandler::new),
            new Entry(FailoverStepHandler.NAME, "FailoverStepFunction",
                    FailoverStepHandler.class,
                    "Step Functions failover loop (the composite alarm's EventBridge rule, or a manual {\"approvePlan\": ID} start)",
                    FailoverStepHandler::new),
            new Entry(FailoverReachabilityHandler.NAME, "FailoverReachabilityFunction", FailoverReachabilityHandler.class,
                    "schedule rate(1 minute): the failover quorum's reachability metric", FailoverReachabilityHandler::new));

    private FunctionCatalog() {
    }

    public static Optional<Entry> find(String name) {
        return FUNCTIONS.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static Entry require(String name) {
        return find(name).orElseThrow(() -> new InvalidFieldException("function", UntrustedText.quoted(name) + " is not one of "
                + FUNCTIONS.stream().map(Entry::name).toList()));
    }
}
