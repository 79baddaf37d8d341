package com.silenttalk.automation.azure.drill;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.drill.DrillReport;

/** Drill reports as JSON in Blob storage: {@code reports/<runId>.json}, written once per drill. */
public final class BlobReportWriter {
    /** Every report's blob name starts with this; status lists them by it. */
    public static final String PREFIX = "reports/";

    private final BlobContainerClient container;

    public BlobReportWriter(BlobContainerClient container) {
        this.container = container;
    }

    public String write(DrillReport report) {
        String name = PREFIX + report.runId() + ".json";
        container.getBlobClient(name).upload(BinaryData.fromBytes(CoreRecordJson.bytes(report)), true);
        return container.getBlobClient(name).getBlobUrl();
    }
}
