package com.silenttalk.automation.local.status;

import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.status.StatusEvidenceSource;
import com.silenttalk.automation.core.status.StatusPolicy;
import com.silenttalk.automation.local.config.OpsConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The status capability's wiring: where the evidence is read (this machine's state directory, or a deployed
 * runner's ledger and reports with {@code --cloud}), how it is described, and the policy it is assessed against.
 */
public final class StatusWiring {
    private final OpsConfig config;
    private final StatusEvidenceSource source;
    private final String described;
    private final List<String> copyRegions;

    /** @param cloud null for this machine's state; aws or azure for a deployed runner's */
    public static StatusWiring of(OpsConfig config, String cloud, String ledgerTable, String reportBucket, Map<String, String> env,
                                  Clock clock) {
        if (cloud == null) {
            List<String> copyRegions = new ArrayList<>(config.regions().copies().keySet());
            copyRegions.addAll(config.regions().buckets().keySet());
            return new StatusWiring(config, new LocalStatusEvidence(config, env, clock), "local: " + config.stateDir(), copyRegions);
        }
        CloudStatusEvidence chosen = CloudStatusEvidence.of(cloud, env, ledgerTable, reportBucket);
        return new StatusWiring(config, chosen.source(), chosen.described(), chosen.copyRegions());
    }

    private StatusWiring(OpsConfig config, StatusEvidenceSource source, String described, List<String> copyRegions) {
        this.config = config;
        this.source = source;
        this.described = described;
        this.copyRegions = copyRegions;
    }

    public StatusEvidenceSource source() {
        return source;
    }

    /** Where the evidence was read, as the text, JSON and page say it. */
    public String described() {
        return described;
    }

    /** The configured targets and horizons, with the regions a database's copies are expected in. */
    public StatusPolicy policy() {
        OpsConfig.Status s = config.status();
        return new StatusPolicy(config.drill().targets(), s.snapshotGrace(), s.drillMaxAge(), s.rotationInterval(),
                FailoverPolicy.defaults().cooldown(), s.deadLetterHorizon(), copyRegions);
    }
}
