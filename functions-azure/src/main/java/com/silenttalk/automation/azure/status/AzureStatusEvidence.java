package com.silenttalk.automation.azure.status;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.silenttalk.automation.azure.drill.BlobReportWriter;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.status.StatusEvidence;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Azure runner's evidence, read-only: every entity of the ledger table and every drill
 * report the drill orchestration wrote to the report container ({@link BlobReportWriter#PREFIX}).
 * Backups and copies are the ledger's records of the backup and copier functions.
 */
public final class AzureStatusEvidence implements StatusEvidenceSource {
    private final TableClient ledger;
    private final BlobContainerClient reports;
    private final List<DatabaseId> databases;

    public AzureStatusEvidence(TableClient ledger, BlobContainerClient reports, List<DatabaseId> databases) {
        this.ledger = ledger;
        this.reports = reports;
        this.databases = List.copyOf(databases);
    }

    @Override
    public StatusEvidence read() {
        List<AuditRecord> records = new ArrayList<>();
        ledger.listEntities().forEach(e -> records.add(TableRunLedger.fromEntity(e)));
        List<DrillReport> drills = new ArrayList<>();
        for (BlobItem blob : reports.listBlobs(new ListBlobsOptions().setPrefix(BlobReportWriter.PREFIX), null)) {
            if (blob.getName().endsWith(".json")) {
                byte[] body = reports.getBlobClient(blob.getName()).downloadContent().toBytes();
                try {
                    drills.add(CoreRecordJson.read(body, DrillReport.class));
                } catch (UncheckedIOException e) {
                    throw new UncheckedIOException("drill report " + blob.getName() + " in " + reports.getBlobContainerName()
                            + " is not a report: " + e.getMessage(), e.getCause());
                }
            }
        }
        return new StatusEvidence(databases, List.of(), drills, records);
    }

    /** Read-only data actions: Storage Table Data Reader and Storage Blob Data Reader cover them. */
    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/tableServices/tables/entities/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");
    }
}
