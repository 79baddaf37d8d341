package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.ledger.AuditRecord;
import java.util.List;

/**
 * Everything a runner keeps that bears on "are we safe?", read without changing anything.
 *
 * @param databases  the databases the runner is configured for; databases seen only in the evidence are added
 * @param listed     snapshots read from the regions themselves (the local runner's directories); may be empty
 * @param drills     finished drills' reports, in any order; their {@code protection} says whether the copies are
 *                   out of the suite's reach (older reports do not say: then it is unknown)
 * @param ledger     every record of the run ledger, in any order: snapshots, copies, prunes, rotations,
 *                   failover plans and history, alerts
 */
public record StatusEvidence(List<DatabaseId> databases, List<KnownSnapshot> listed, List<DrillReport> drills,
                             List<AuditRecord> ledger) {
    public StatusEvidence {
        databases = List.copyOf(databases);
        listed = List.copyOf(listed);
        drills = List.copyOf(drills);
        ledger = List.copyOf(ledger);
    }
}
