package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link DatabaseRestorer} that restores nothing: it hands out a {@link RestoredInstance}
 * and records every restore and every tear-down. It can be told to report pending, to fail
 * (with an ordinary fault or a {@link BackupIntegrityException}), and to fail tear-down N times.
 * Thread-safe.
 */
public final class FakeRestorer implements DatabaseRestorer {
    /** One call to {@link #restore}. */
    public record RestoreCall(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
    }

    /** Where a restored instance's credentials are said to live: a reference, never a secret. */
    public static final String CREDENTIALS_REF = "file:/run/drill/credentials";

    private final List<RestoreCall> restores = new ArrayList<>();
    private final List<String> tearDowns = new ArrayList<>();
    private final List<String> jobsGivenBack = new ArrayList<>();
    private final Set<String> live = new LinkedHashSet<>();
    private int pendingRestores;
    private Duration pendingRestoreWait = Duration.ofSeconds(30);
    private RuntimeException restoreFailure;
    private int failingTearDowns;
    private int pendingTearDowns;
    private Duration pendingTearDownWait = Duration.ofSeconds(15);

    public synchronized FakeRestorer pendingRestores(int times, Duration wait) {
        this.pendingRestores = times;
        this.pendingRestoreWait = wait;
        return this;
    }

    /** Every restore throws an ordinary fault with this message. */
    public synchronized FakeRestorer failRestore(String message) {
        this.restoreFailure = new IllegalStateException(message);
        return this;
    }

    /** Every restore throws this. */
    public synchronized FakeRestorer failRestoreWith(RuntimeException failure) {
        this.restoreFailure = failure;
        return this;
    }

    /** Every restore finds the artifact does not match its manifest. */
    public synchronized FakeRestorer failIntegrity(String message) {
        this.restoreFailure = new BackupIntegrityException(message);
        return this;
    }

    /** The next {@code times} tear-downs throw. */
    public synchronized FakeRestorer failTearDown(int times) {
        this.failingTearDowns = times;
        return this;
    }

    public synchronized FakeRestorer pendingTearDowns(int times, Duration wait) {
        this.pendingTearDowns = times;
        this.pendingTearDownWait = wait;
        return this;
    }

    /** As a restorer whose work is an API's job: a pending restore names its job, which must come back next time. */
    @Override
    public synchronized Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName,
                                                           String job) {
        jobsGivenBack.add(job);
        Progress<RestoredInstance> p = restore(snapshot, manifest, instanceName);
        if (p instanceof Progress.Pending<RestoredInstance> pending) {
            return Progress.pending(pending.checkAgainAfter(), pending.status(), job != null ? job : "restore-job-" + restores.size());
        }
        return p;
    }

    @Override
    public synchronized Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        restores.add(new RestoreCall(snapshot, manifest, instanceName));
        live.add(instanceName);
        if (restoreFailure != null) {
            throw restoreFailure;
        }
        if (pendingRestores > 0) {
            pendingRestores--;
            return Progress.pending(pendingRestoreWait, "restoring into " + instanceName);
        }
        return Progress.ready(new RestoredInstance(instanceName, "127.0.0.1", 54329, manifest.database().value(),
                CREDENTIALS_REF, Map.of("engine", "postgres")));
    }

    @Override
    public synchronized Progress<String> tearDown(String instanceName) {
        tearDowns.add(instanceName);
        if (failingTearDowns > 0) {
            failingTearDowns--;
            throw new IllegalStateException("instance " + instanceName + " is still stopping");
        }
        if (pendingTearDowns > 0) {
            pendingTearDowns--;
            return Progress.pending(pendingTearDownWait, "removing " + instanceName);
        }
        live.remove(instanceName);
        return Progress.ready(instanceName);
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    public synchronized List<RestoreCall> restores() {
        return List.copyOf(restores);
    }

    /** Every tear-down call, including failed and pending ones. */
    /** The job handed back on each 4-argument restore call (null when there was none yet). */
    public synchronized List<String> jobsGivenBack() {
        return new ArrayList<>(jobsGivenBack);
    }

    public synchronized List<String> tearDowns() {
        return List.copyOf(tearDowns);
    }

    /** Instances a restore was started for and no tear-down has removed. */
    public synchronized Set<String> liveInstances() {
        return Set.copyOf(live);
    }
}
