package com.silenttalk.automation.core.status;

import java.util.List;

/** Reads a runner's evidence: local files, a DynamoDB ledger and S3 reports, a Table ledger and blob reports. Never writes. */
public interface StatusEvidenceSource {
    StatusEvidence read();

    /** The cloud permissions reading needs: all of them read-only. */
    List<String> requiredActions();
}
