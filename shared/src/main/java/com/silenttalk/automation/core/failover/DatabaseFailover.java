package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.workflow.Progress;
import java.util.List;

/**
 * The database side of a failover: RDS, Aurora global, Flexible Server replicas, or local
 * streaming replication. Every method is idempotent: a repeated call after a crash is safe.
 */
public interface DatabaseFailover {
    /** Makes sure writes can no longer land on the old primary; reports bytes the target had not received (-1 unknown). */
    Progress<Long> fence(FailoverPlan plan);

    /** Promotes the target; a planned switchover must never ask for data loss. */
    Progress<String> promote(FailoverPlan plan);

    boolean isWritable(String node);

    /** Writes and reads back a probe row on the node. */
    void verifyWrites(String node);

    /** Turns the old primary into a replica of the new one, or says exactly what an operator must do. */
    Progress<String> reprotect(FailoverPlan plan);

    List<String> requiredActions();
}
