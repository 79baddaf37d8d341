package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.util.List;
import java.util.Optional;

/** Where the manifests of RDS snapshots are kept (an RDS snapshot carries none itself). */
public interface ManifestSource {
    Optional<SnapshotManifest> manifest(SnapshotId id);

    List<String> requiredActions();

    ManifestSource NONE = new ManifestSource() {
        @Override
        public Optional<SnapshotManifest> manifest(SnapshotId id) {
            return Optional.empty();
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    };
}
