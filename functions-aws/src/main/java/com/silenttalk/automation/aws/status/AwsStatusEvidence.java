package com.silenttalk.automation.aws.status;

import com.silenttalk.automation.aws.drill.S3ReportWriter;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.status.StatusEvidence;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS runner's evidence, read-only: every item of the DynamoDB ledger (a consistent Scan,
 * page by page) and every drill report the drill function wrote to the report bucket
 * ({@link S3ReportWriter#PREFIX}). Snapshots and copies are the ledger's records of the
 * scheduler and the copier; RDS itself is not asked.
 */
public final class AwsStatusEvidence implements StatusEvidenceSource {
    private final DynamoDbClient dynamo;
    private final String ledgerTable;
    private final S3Client s3;
    private final String reportBucket;
    private final List<DatabaseId> databases;

    public AwsStatusEvidence(DynamoDbClient dynamo, String ledgerTable, S3Client s3, String reportBucket, List<DatabaseId> databases) {
        this.dynamo = dynamo;
        this.ledgerTable = ledgerTable;
        this.s3 = s3;
        this.reportBucket = reportBucket;
        this.databases = List.copyOf(databases);
    }

    @Override
    public StatusEvidence read() {
        List<AuditRecord> ledger = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(ledgerTable).consistentRead(true)).items()
                .forEach(item -> ledger.add(DynamoDbRunLedger.fromItem(item)));
        List<DrillReport> reports = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(reportBucket).prefix(S3ReportWriter.PREFIX)).contents()) {
            if (object.key().endsWith(".json")) {
                byte[] body = s3.getObjectAsBytes(r -> r.bucket(reportBucket).key(object.key())).asByteArray();
                try {
                    reports.add(CoreRecordJson.read(body, DrillReport.class));
                } catch (UncheckedIOException e) {
                    throw new UncheckedIOException("drill report s3://" + reportBucket + "/" + object.key() + " is not a report: "
                            + e.getMessage(), e.getCause());
                }
            }
        }
        return new StatusEvidence(databases, List.of(), reports, ledger);
    }

    /** Read-only: Scan of the ledger, list and get of the reports (SSE-KMS, so kms:Decrypt on the bucket key). */
    @Override
    public List<String> requiredActions() {
        return List.of("dynamodb:Scan", "s3:ListBucket", "s3:GetObject", "kms:Decrypt");
    }
}
