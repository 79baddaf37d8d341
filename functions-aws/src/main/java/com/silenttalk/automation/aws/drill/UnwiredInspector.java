package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.util.List;

/**
 * Stands where the JDBC verification of an RDS restore belongs until it is wired on AWS
 * (credentials from Secrets Manager, the local runner's JDBC checks). It fails the verify
 * step loudly, so a drill can never pass unverified; teardown still runs.
 */
final class UnwiredInspector implements DatabaseInspector {
    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        throw new IllegalStateException("JDBC verification of " + instance.name()
                + " is not wired on AWS yet: the drill cannot prove this restore");
    }
}
