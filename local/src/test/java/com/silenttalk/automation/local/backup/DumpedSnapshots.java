package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.backup.DirectoryRegion.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/** Snapshots in a primary directory as a dump leaves them (a random archive, its manifest, snapshot.json), without PostgreSQL. */
final class DumpedSnapshots {
    private DumpedSnapshots() {
    }

    static Snapshot dumped(DirectoryRegion primary, DatabaseId database, String id, Instant createdAt) throws Exception {
        SnapshotId snapshotId = new SnapshotId(id);
        byte[] archive = new byte[64 * 1024];
        new Random(id.hashCode()).nextBytes(archive);
        Path dir = primary.freshDirectory(snapshotId);
        Files.write(dir.resolve(DirectoryRegion.ARCHIVE), archive);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        LocalJson.writeAtomically(dir.resolve(DirectoryRegion.MANIFEST), new SnapshotManifest(snapshotId, database, createdAt,
                "15.8", "fingerprint", Map.of("public.users", 3L), sha, archive.length));
        LocalJson.writeAtomically(dir.resolve(DirectoryRegion.METADATA), new Metadata(id, database.value(), createdAt, true, null));
        return primary.find(snapshotId).orElseThrow();
    }
}
