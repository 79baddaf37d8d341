package com.silenttalk.automation.azure.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Event Grid {@code Microsoft.Storage.BlobCreated} for a manifest in the primary backup
 * container: the export is complete, so its dump is copied to the paired region and verified
 * there. A copy still running fails the invocation on purpose, so Event Grid redelivers and
 * the next delivery verifies the finished copy.
 */
public final class BackupCopierFunction {
    static final Pattern MANIFEST_SUBJECT =
            Pattern.compile("/blobServices/default/containers/([a-z0-9-]+)/blobs/manifests/([a-z0-9-]+)\\.json");

    private final Supplier<BackupWiring> wiring;

    public BackupCopierFunction() {
        this(BackupWiring::production);
    }

    /** Given adapters: tests, and opsctl invoke outside the Functions host. */
    public BackupCopierFunction(Supplier<BackupWiring> wiring) {
        this.wiring = wiring;
    }

    /** The snapshot whose manifest the event announces; anything else names the field that is wrong. */
    public static SnapshotId manifestOf(String event) {
        JsonNode node = Json.tree(event, "event");
        String type = node.path("eventType").asText("");
        if (!"Microsoft.Storage.BlobCreated".equals(type)) {
            throw new InvalidFieldException("eventType", "expected Microsoft.Storage.BlobCreated, got " + UntrustedText.quoted(type));
        }
        Matcher subject = MANIFEST_SUBJECT.matcher(node.path("subject").asText(""));
        if (!subject.matches()) {
            throw new InvalidFieldException("subject", "is not a manifest blob (…/blobs/manifests/<snapshot>.json)");
        }
        return new SnapshotId(subject.group(2));
    }

    @FunctionName("BackupCopier")
    public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        SnapshotId id = manifestOf(event);
        BackupWiring w = wiring.get();
        SnapshotManifest manifest = w.primary().manifest(id).orElseThrow(() ->
                new InvalidFieldException("subject", "manifest of " + id + " is no longer in " + w.primary().region()));
        Snapshot source = new Snapshot(id, manifest.database(), w.primary().region(), manifest.consistentPoint(),
                id.value().startsWith(SnapshotWindow.SUITE_PREFIX), VerificationStatus.UNVERIFIED, Optional.empty());
        List<ReplicateSnapshot.Result> results = w.replicate().execute(source, w.settings().policy());
        String summary = results.stream().map(r -> r.target() + ":" + (r.progress() instanceof Progress.Ready ? "copied" : "pending"))
                .collect(Collectors.joining(","));
        if (results.stream().anyMatch(r -> r.progress() instanceof Progress.Pending)) {
            context.getLogger().info("backup-copier snapshot=" + source.ref() + " results=" + summary);
            throw new IllegalStateException("copy of " + source.ref() + " still running; Event Grid redelivers to verify it");
        }
        context.getLogger().info("backup-copier snapshot=" + source.ref() + " results=" + summary + " "
                + w.metrics().copyVerified(manifest.database()));
    }
}
