package com.silenttalk.automation.azure.backup;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import java.util.function.Supplier;

/**
 * A large database's dump in parts ({@link ChunkedDumps}): the orchestration and its five activities, each well
 * inside the host's functionTimeout whatever the database's size.
 */
public final class ChunkedDumpFunctions {
    private final Supplier<ChunkedDumps> dumps;

    public ChunkedDumpFunctions() {
        this(ChunkedDumps::production);
    }

    /** Given adapters: tests, and runs outside the Functions host. */
    public ChunkedDumpFunctions(Supplier<ChunkedDumps> dumps) {
        this.dumps = dumps;
    }

    @FunctionName(ChunkedDumps.ORCHESTRATION)
    public String orchestrate(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return ChunkedDumps.orchestrate(ctx);
    }

    @FunctionName(ChunkedDumps.SOURCE_ACTIVITY)
    public String source(@DurableActivityTrigger(name = "dump") String dump, ExecutionContext context) {
        return dumps.get().source(dump);
    }

    @FunctionName(ChunkedDumps.PLAN_ACTIVITY)
    public String plan(@DurableActivityTrigger(name = "source") String source, ExecutionContext context) {
        return dumps.get().plan(source);
    }

    @FunctionName(ChunkedDumps.PART_ACTIVITY)
    public String part(@DurableActivityTrigger(name = "part") String part, ExecutionContext context) {
        return dumps.get().part(part);
    }

    @FunctionName(ChunkedDumps.COMMIT_ACTIVITY)
    public String commit(@DurableActivityTrigger(name = "parts") String parts, ExecutionContext context) {
        String line = dumps.get().commit(parts);
        context.getLogger().info(line);
        return line;
    }

    @FunctionName(ChunkedDumps.RELEASE_ACTIVITY)
    public String release(@DurableActivityTrigger(name = "dump") String dump, ExecutionContext context) {
        String released = dumps.get().release(dump);
        context.getLogger().info("dump-source-release " + released);
        return released;
    }
}
