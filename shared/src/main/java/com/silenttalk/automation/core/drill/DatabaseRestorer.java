package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import java.util.List;

/** Restores a snapshot into a throwaway instance, and always can remove it again. */
public interface DatabaseRestorer {
    /**
     * Idempotent per instance name. Throws {@link com.silenttalk.automation.core.backup.BackupIntegrityException}
     * when the artifact does not match the manifest.
     */
    Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName);

    /** Removes the instance and everything it holds; a no-op when it is already gone. Ready holds the instance name. */
    Progress<String> tearDown(String instanceName);

    List<String> requiredActions();
}
