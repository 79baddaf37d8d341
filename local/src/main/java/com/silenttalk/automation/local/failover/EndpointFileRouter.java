package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.TrafficRouter;
import com.silenttalk.automation.local.LocalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Self-hosted clients read the primary's address from a file; switching traffic rewrites it atomically. */
public final class EndpointFileRouter implements TrafficRouter {
    public record Endpoint(String group, String node, String host, int port) {
    }

    private final Path dir;
    private final ReplicationPair pair;

    public EndpointFileRouter(Path dir, ReplicationPair pair) {
        this.dir = dir;
        this.pair = pair;
    }

    public Path fileOf(String group) {
        return dir.resolve(group + ".json");
    }

    public void point(String group, String node) {
        LocalJson.writeAtomically(fileOf(group), new Endpoint(group, node, "127.0.0.1", pair.node(node).handle().port()));
    }

    public Endpoint read(String group) {
        return Files.exists(fileOf(group)) ? LocalJson.read(fileOf(group), Endpoint.class) : null;
    }

    @Override
    public String switchTo(FailoverPlan plan) {
        point(plan.group(), plan.to());
        return fileOf(plan.group()) + " now points at " + plan.to() + " (127.0.0.1:" + pair.node(plan.to()).handle().port() + ")";
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }
}
