package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A frozen copy of a database at one point in time, which every part of a dump in parts reads (issue #18): on Azure
 * a point-in-time restore of the window's backup into a throwaway Flexible Server, locally a base backup started
 * read-only. Unlike an exported snapshot, which lives only as long as the session that exported it, the copy stays
 * the same when an activity is killed and retried on another host, so a resumed dump reads the same point; and it
 * is itself a restore test. Idempotent by name: provisioning a name that exists returns that copy and its point.
 */
public interface ConsistentReadPoint {
    /** Where the parts connect. {@code credentialsRef} names where the login is (a secret URI), never the secret. */
    record DumpSource(String name, String host, int port, String database, Instant pointInTime, String credentialsRef,
                      Map<String, String> details) {
        public DumpSource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(pointInTime, "pointInTime");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
            details = Map.copyOf(details);
        }
    }

    /**
     * The copy of {@code source} at {@code pointInTime} named {@code name}: made on the first call, then polled;
     * pending while it is being made.
     */
    Progress<DumpSource> provision(DatabaseId source, Instant pointInTime, String name);

    /** Deletes a copy this suite made, and only such a copy (refused otherwise); ready once it is gone. */
    Progress<String> release(String name);

    /** The permissions the adapter needs, for the policy tests. */
    List<String> requiredActions();
}
