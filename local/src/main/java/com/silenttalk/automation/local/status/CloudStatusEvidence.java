package com.silenttalk.automation.local.status;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.silenttalk.automation.aws.status.AwsStatusEvidence;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.StorageAccount;
import com.silenttalk.automation.azure.status.AzureStatusEvidence;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.drill.StepFunctionsDrill;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code opsctl status --cloud aws|azure}: the deployed runner's own ledger and reports, named by
 * the same settings the functions read, with the operator's (read-only) credentials.
 */
record CloudStatusEvidence(StatusEvidenceSource source, String described, List<String> copyRegions) {
    static CloudStatusEvidence of(String cloud, Map<String, String> env, String ledgerTable, String reportBucket) {
        return switch (cloud) {
            case "aws" -> aws(env, ledgerTable, reportBucket);
            case "azure" -> azure(env, ledgerTable);
            default -> throw new InvalidFieldException("--cloud", "must be aws or azure, got " + UntrustedText.quoted(cloud));
        };
    }

    /** Keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS_PROFILE profile; AWS_ENDPOINT_URL(_DYNAMODB, _S3) for local servers. */
    private static CloudStatusEvidence aws(Map<String, String> env, String ledgerTable, String reportBucket) {
        String region = required(env, "AWS_REGION", null);
        String table = required(env, "ST_LEDGER_TABLE", ledgerTable);
        String bucket = required(env, "ST_REPORT_BUCKET", reportBucket);
        DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region)).credentialsProvider(StepFunctionsDrill.credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB").ifPresent(dynamo::endpointOverride);
        S3ClientBuilder s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region)).credentialsProvider(StepFunctionsDrill.credentials(env));
        endpoint(env, "AWS_ENDPOINT_URL_S3").ifPresent(uri -> s3.endpointOverride(uri).forcePathStyle(true));
        String dr = env.get("ST_DR_REGION");
        return new CloudStatusEvidence(new AwsStatusEvidence(dynamo.build(), table, s3.build(), bucket,
                databases("ST_DATABASES", env.get("ST_DATABASES"))),
                "aws: dynamodb " + table + ", s3://" + bucket + " in " + region,
                dr == null || dr.isBlank() ? List.of() : List.of(dr.strip()));
    }

    /** The backup account as the functions see it; AZURE_STORAGE_KEY (azurite, a local copy) instead of an Azure sign-in. */
    private static CloudStatusEvidence azure(Map<String, String> env, String ledgerTable) {
        String name = required(env, "ST_BACKUP_ACCOUNT", null);
        StorageAccount standard = StorageAccount.managedIdentity(name);
        StorageAccount account = new StorageAccount(name, env.getOrDefault("ST_BACKUP_BLOB_ENDPOINT", standard.blobEndpoint()),
                env.getOrDefault("ST_BACKUP_TABLE_ENDPOINT", standard.tableEndpoint()),
                Optional.ofNullable(env.get("AZURE_STORAGE_KEY")).filter(k -> !k.isBlank()));
        String table = ledgerTable != null ? ledgerTable : env.getOrDefault("ST_LEDGER_TABLE", "stledger");
        String container = env.getOrDefault("ST_REPORT_CONTAINER", "drill-reports");
        AzureClients clients = new AzureClients(new DefaultAzureCredentialBuilder().build(), AzureClients.DEFAULT_RETRY);
        String paired = env.get("ST_PAIRED_REGION");
        return new CloudStatusEvidence(new AzureStatusEvidence(clients.table(account, table), clients.container(account, container),
                databases("ST_DATABASES", env.get("ST_DATABASES"))),
                "azure: table " + table + " and container " + container + " of " + name,
                paired == null || paired.isBlank() ? List.of() : List.of(paired.strip()));
    }

    private static String required(Map<String, String> env, String variable, String option) {
        String value = option != null ? option : env.get(variable);
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(variable, "is not set (status --cloud reads the runner's settings from the environment)");
        }
        return value.strip();
    }

    private static Optional<URI> endpoint(Map<String, String> env, String variable) {
        String value = env.getOrDefault(variable, env.get("AWS_ENDPOINT_URL"));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(variable, "is not a URL");
        }
    }

    /** The databases a cloud runner is configured for: ST_DATABASES, "name" or "name:kind", comma-separated. */
    static List<DatabaseId> databases(String variable, String value) {
        List<DatabaseId> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String entry : value.split(",")) {
            String name = entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry;
            if (!name.isBlank()) {
                try {
                    out.add(new DatabaseId(name.strip()));
                } catch (InvalidFieldException e) {
                    throw new InvalidFieldException(variable, e.getMessage());
                }
            }
        }
        return out;
    }
}
