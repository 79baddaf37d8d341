package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which existing copy a drill of copies restores: the newest one that has a manifest to verify the restore against,
 * looking through the newest {@value #LOOK_BACK}. A copy whose census failed cannot be verified; an older one that can
 * still proves the restore path, and its age shows in the measured RPO (which then fails the drill if it is too old).
 */
public final class NewestVerifiableReplica {
    /** How many copies, newest first, a drill looks through for one with a manifest. */
    public static final int LOOK_BACK = 4;

    /** What the copies offered. */
    public sealed interface Selection permits Chosen, NoneAvailable, NoneVerifiable {
    }

    /** @param skippedNewest the newest copy, when it had no manifest and an older one was chosen */
    public record Chosen(Snapshot replica, SnapshotManifest manifest, Optional<Snapshot> skippedNewest) implements Selection {
        public Chosen {
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(skippedNewest, "skippedNewest");
        }
    }

    /** There is no copy at all. */
    public record NoneAvailable() implements Selection {
    }

    /** @param looked how many copies, from the newest, were looked at (all without a manifest) */
    public record NoneVerifiable(Snapshot newest, int looked) implements Selection {
    }

    private NewestVerifiableReplica() {
    }

    /**
     * @param newestFirst the available copies, newest first
     * @param manifestOf  a copy's manifest, if its census kept one
     */
    public static Selection among(List<Snapshot> newestFirst, Function<Snapshot, Optional<SnapshotManifest>> manifestOf) {
        if (newestFirst.isEmpty()) {
            return new NoneAvailable();
        }
        Snapshot newest = newestFirst.get(0);
        int looked = Math.min(LOOK_BACK, newestFirst.size());
        for (Snapshot candidate : newestFirst.subList(0, looked)) {
            Optional<SnapshotManifest> manifest = manifestOf.apply(candidate);
            if (manifest.isPresent()) {
                return new Chosen(candidate, manifest.get(), candidate == newest ? Optional.empty() : Optional.of(newest));
            }
        }
        return new NoneVerifiable(newest, looked);
    }
}
