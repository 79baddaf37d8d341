package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.inbound.DeploymentMarkerJson;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deployment markers ({@link DeploymentMarkerJson}) as objects {@code deployments/<service>.json}
 * in the report bucket, written by the deploy pipeline (rewritten with {@code endedAt} when the
 * deployment finishes). Read afresh on every alarm, one listing page of at most
 * {@link #MAX_MARKERS} objects. A marker that cannot be read or parsed is skipped with one error
 * line naming the object: an alert is never lost to a broken marker, at worst it is not muted. A listing that fails
 * is one error line and {@link DeploymentMarkersUnavailableException}, never "no markers".
 */
public final class S3DeploymentMarkers implements DeploymentMarkers {
    public static final String PREFIX = "deployments/";
    /** One ListObjectsV2 page: bounds the GETs per alarm (one marker per service is expected). */
    static final int MAX_MARKERS = 100;
    public static final List<String> REQUIRED_ACTIONS = List.of("s3:ListBucket", "s3:GetObject", "kms:Decrypt");

    private final Supplier<S3Client> s3;
    private final String bucket;
    private final LineLog log;

    public S3DeploymentMarkers(Supplier<S3Client> s3, String bucket, LineLog log) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidFieldException("reportBucket", "is missing");
        }
        this.bucket = bucket;
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        ListObjectsV2Response page;
        try {
            page = s3.get().listObjectsV2(r -> r.bucket(bucket).prefix(PREFIX).maxKeys(MAX_MARKERS));
        } catch (SdkException e) {
            DeploymentMarkersUnavailableException unavailable = new DeploymentMarkersUnavailableException(
                    "s3://" + bucket + "/" + PREFIX, e.getMessage(), e);
            log.error(now, Map.of("deploymentMarkers", "s3://" + bucket + "/" + PREFIX, "failed", unavailable.getMessage()));
            throw unavailable;
        }
        if (Boolean.TRUE.equals(page.isTruncated())) {
            log.error(now, Map.of("deploymentMarkers", "s3://" + bucket + "/" + PREFIX,
                    "skipped", "more than " + MAX_MARKERS + " markers; only the first " + MAX_MARKERS + " are read"));
        }
        List<DeploymentMarker> markers = new ArrayList<>();
        for (S3Object object : page.contents()) {
            if (object.key().endsWith(".json")) {
                read(object.key(), now).ifPresent(markers::add);
            }
        }
        return markers;
    }

    private Optional<DeploymentMarker> read(String key, Instant now) {
        String name = "deployment marker s3://" + bucket + "/" + key;
        try {
            byte[] body = s3.get().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            return Optional.of(DeploymentMarkerJson.parse(name, body));
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("deploymentMarker", "s3://" + bucket + "/" + key, "skipped", e.getMessage()));
        } catch (SdkException e) {
            log.error(now, Map.of("deploymentMarker", "s3://" + bucket + "/" + key, "skipped", "cannot read: " + e.getMessage()));
        }
        return Optional.empty();
    }
}
