package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.drill.DrillReport;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes each drill report (SSE-KMS, so the writer needs kms:GenerateDataKey on the bucket key) as JSON to the report
 * bucket: {@code drill-reports/<database>/<runId>.json}. The bucket has Object Lock, under which S3 refuses a PUT
 * without a checksum: every PUT carries its SHA-256 whatever the client's checksum setting.
 */
public final class S3ReportWriter {
    /** Every report's key starts with this; status lists them by it. */
    public static final String PREFIX = "drill-reports/";

    private final S3Client s3;
    private final String bucket;

    public S3ReportWriter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Returns the object key. */
    public String write(DrillReport report) {
        String key = keyFor(report);
        byte[] body = CoreRecordJson.bytes(report);
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(body));
        return key;
    }

    public static String keyFor(DrillReport report) {
        return PREFIX + report.database() + "/" + report.runId() + ".json";
    }

    public List<String> requiredActions() {
        return List.of("s3:PutObject", "kms:GenerateDataKey");
    }
}
