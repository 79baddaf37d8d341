package com.silenttalk.automation.bench;

import com.silenttalk.automation.aws.backup.SnapshotSchedulerHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM on the packaged Lambda artifact: builds the snapshot handler through its
 * public no-arg constructor (the production wiring, from the environment) and completes one
 * invocation against the stub endpoint. Prints {@code FIRST_DONE} when the first invocation
 * returns; with a count argument, then measures the CPU time of that many warm invocations.
 */
public final class AwsColdStartChild {
    private AwsColdStartChild() {
    }

    public static void main(String[] args) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        SnapshotSchedulerHandler handler = new SnapshotSchedulerHandler();
        handler.handleRequest(event("cold-" + ProcessHandle.current().pid()), null);
        System.out.println("FIRST_DONE");
        if (warm > 0) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < Math.min(50, warm); i++) {
                handler.handleRequest(event("warmup-" + i), null); // let the JIT settle first
            }
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < warm; i++) {
                handler.handleRequest(event("warm-" + i), null);
            }
            long perInvocation = (threads.getCurrentThreadCpuTime() - cpu) / warm;
            System.out.println("WARM_CPU_NANOS " + perInvocation);
        }
        System.out.flush();
    }

    static Map<String, Object> event(String id) {
        return Map.of("version", "0", "id", id, "detail-type", "Scheduled Event", "source", "aws.events",
                "account", "123456789012", "time", Instant.now().toString(), "region", "eu-west-1",
                "resources", List.of("arn:aws:events:eu-west-1:123456789012:rule/silenttalk-ops-snapshot-every-6h"),
                "detail", Map.of());
    }
}
