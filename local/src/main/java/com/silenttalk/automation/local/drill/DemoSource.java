package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's throwaway source server, and the demo's own corner of the state directory,
 * so that demo snapshots never mix with real ones.
 */
public final class DemoSource {
    public static final DatabaseId DATABASE = new DatabaseId("silenttalk-demo");
    static final String SOURCE_DB = "silenttalk";

    private DemoSource() {
    }

    public static OpsConfig configFor(OpsConfig base) {
        Path dir = base.stateDir().resolve("demo");
        Map<String, Path> copies = new LinkedHashMap<>();
        copies.put("dr", dir.resolve("regions").resolve("dr"));
        return new OpsConfig(dir, base.clustersDir(),
                new OpsConfig.Source(DATABASE, null, base.source().passwordEnv(), false),
                base.backup(),
                new OpsConfig.Regions("primary", dir.resolve("regions").resolve("primary"), copies),
                new OpsConfig.Drill("dr", base.drill().targets(), base.drill().requireTls(), base.drill().probes()), base.status());
    }

    /** One source cluster name per demo directory, so parallel demos in different folders do not collide. */
    public static String clusterName(OpsConfig demoConfig) {
        return "demo-source-" + Integer.toHexString(demoConfig.stateDir().toAbsolutePath().toString().hashCode());
    }

    public static ThrowawayCluster start(PgBinaries binaries, Path clustersRoot, OpsConfig demoConfig) {
        ThrowawayCluster cluster = ThrowawayCluster.create(binaries, clustersRoot, clusterName(demoConfig));
        cluster.createDatabase(SOURCE_DB);
        return cluster;
    }

    public static PgEndpoint endpoint(ThrowawayCluster cluster) {
        return cluster.endpoint(SOURCE_DB);
    }
}
