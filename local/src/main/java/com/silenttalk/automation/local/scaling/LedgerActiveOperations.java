package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drills and failovers in progress, read from the local ledger's records (one JSON file per
 * run): a {@code drill} or {@code failover} record that is still STARTED and younger than
 * {@link #STALE_AFTER}, named in key order. An older STARTED record is a run that died; it must not
 * block scale-in for ever.
 */
public final class LedgerActiveOperations implements ActiveOperations {
    public static final Duration STALE_AFTER = ActiveOperations.STALE_AFTER;
    private static final Set<String> ACTIONS = Set.of("drill", "failover");

    private final Path ledgerDir;

    public LedgerActiveOperations(Path ledgerDir) {
        this.ledgerDir = ledgerDir;
    }

    @Override
    public List<String> running(Instant now) {
        List<String> out = new ArrayList<>();
        for (AuditRecord r : FileRunLedger.readAll(ledgerDir)) {
            if (ACTIONS.contains(r.action()) && r.outcome() == Outcome.STARTED && r.startedAt().isAfter(now.minus(STALE_AFTER))) {
                out.add(r.key().value());
            }
        }
        out.sort(null); // key order, as the Table and DynamoDB readers give it (file names are base64, in another order)
        return out;
    }
}
