package com.silenttalk.automation.local.status;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.status.KnownSnapshot;
import com.silenttalk.automation.core.status.StatusEvidence;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import com.silenttalk.automation.local.backup.DirectoryRegion;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runner's evidence, read where its commands write it: the region directories, the
 * ledger (and the failover commands' own ledger), and the drill journal {@code opsctl report}
 * reads. Nothing is created or changed: a directory that does not exist is simply empty.
 */
public final class LocalStatusEvidence implements StatusEvidenceSource {
    private final OpsConfig config;

    public LocalStatusEvidence(OpsConfig config) {
        this.config = config;
    }

    @Override
    public StatusEvidence read() {
        List<KnownSnapshot> listed = new ArrayList<>();
        for (Map.Entry<String, Path> region : regions().entrySet()) {
            for (Snapshot s : DirectoryRegion.replicaOnly(region.getKey(), region.getValue()).list()) {
                // a directory copy is committed only once its SHA-256 matched the manifest
                listed.add(new KnownSnapshot(s.database(), s.region(), s.id(), s.createdAt(),
                        s.copiedFrom().map(ref -> ref.region()).orElse(null),
                        s.isCopy() ? KnownSnapshot.Checksum.VERIFIED : KnownSnapshot.Checksum.NOT_CHECKED, s.verification()));
            }
        }
        List<AuditRecord> ledger = new ArrayList<>(FileRunLedger.readAll(config.ledgerDir()));
        ledger.addAll(FileRunLedger.readAll(config.failoverLedgerDir()));
        return new StatusEvidence(List.of(config.source().database()), listed,
                new DrillJournal(config.journalDir()).finishedReports(), ledger);
    }

    private Map<String, Path> regions() {
        Map<String, Path> regions = new LinkedHashMap<>();
        regions.put(config.regions().primaryName(), config.regions().primary());
        regions.putAll(config.regions().copies());
        return regions;
    }

    @Override
    public List<String> requiredActions() {
        return List.of(); // local files
    }
}
