package com.silenttalk.automation.local.status;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.status.KnownSnapshot;
import com.silenttalk.automation.core.status.StatusEvidence;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import com.silenttalk.automation.local.backup.BackupWiring;
import com.silenttalk.automation.local.backup.DirectoryRegion;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local runner's evidence, read where its commands write it: the regions (directories and buckets), the
 * ledger (and the failover commands' own ledger), and the drill journal {@code opsctl report}
 * reads. Nothing is created or changed: a directory that does not exist is simply empty.
 */
public final class LocalStatusEvidence implements StatusEvidenceSource {
    private final OpsConfig config;
    private final Map<String, String> env;
    private final Clock clock;

    public LocalStatusEvidence(OpsConfig config, Map<String, String> env, Clock clock) {
        this.config = config;
        this.env = env;
        this.clock = clock;
    }

    @Override
    public StatusEvidence read() {
        List<KnownSnapshot> listed = new ArrayList<>();
        for (LocalRegion region : regions()) {
            for (Snapshot s : region.list()) {
                // a copy is committed only once its SHA-256 matched the manifest (RegionReplicator)
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

    /** The regions as the other commands build them, without a source to dump: directories, then buckets. */
    private List<LocalRegion> regions() {
        List<LocalRegion> regions = new ArrayList<>();
        regions.add(DirectoryRegion.replicaOnly(config.regions().primaryName(), config.regions().primary()));
        config.regions().copies().forEach((name, dir) -> regions.add(DirectoryRegion.replicaOnly(name, dir)));
        regions.addAll(BackupWiring.bucketRegions(config, env, clock));
        return regions;
    }

    @Override
    public List<String> requiredActions() {
        return List.of(); // local files
    }
}
