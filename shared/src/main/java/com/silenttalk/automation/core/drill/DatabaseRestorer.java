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

    /**
     * As {@link #restore(Snapshot, SnapshotManifest, String)}, given back the job a previous call left in its
     * {@link Progress.Pending#job()} (null on the first call): a restorer whose work is an API's job polls that job.
     */
    default Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName,
                                               String job) {
        return restore(snapshot, manifest, instanceName);
    }

    /** Removes the instance and everything it holds; a no-op when it is already gone. Ready holds the instance name. */
    Progress<String> tearDown(String instanceName);

    List<String> requiredActions();
}
