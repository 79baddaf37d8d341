package com.silenttalk.automation.azure.runtime;

import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fan-out/fan-in inside an orchestration: one activity call per input, at most {@code parallel} in flight, each
 * call raced against a durable timer so that a call that hangs (a lock, a dead server) only costs its own branch
 * and frees its slot when its time is up. A branch whose answer says "ask again later" waits on a durable timer
 * and calls again, until it gives up. Deterministic: every decision is made from task completions and the
 * orchestration's own clock, so each replay makes the same calls.
 */
public final class DurableFanOut {
    /** How far a fan-out may go: calls in flight, one call's time, and a branch's time across its calls. */
    public record Limits(int parallel, Duration perCall, Duration giveUpAfter) {
        public Limits {
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
            }
            Objects.requireNonNull(perCall, "perCall");
            Objects.requireNonNull(giveUpAfter, "giveUpAfter");
            if (perCall.isNegative() || perCall.isZero()) {
                throw new IllegalArgumentException("perCall must be positive");
            }
        }
    }

    public enum Status {
        /** The activity answered (its last answer, which may still say "again" when the branch gave up). */
        ANSWERED,
        /** The activity threw: the host reported the call failed. */
        FAILED,
        /** A call did not answer within {@link Limits#perCall}. */
        TIMED_OUT
    }

    /** How one input's branch ended. {@code output} is the activity's last answer, {@code failure} why it has none. */
    public record Branch(String input, Status status, String output, String failure, int calls) {
        public Branch {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(status, "status");
        }
    }

    private DurableFanOut() {
    }

    /**
     * @param againAfter reads an answer: a wait before asking again, or empty when the branch is done
     * @return one branch per input, in the inputs' order
     */
    public static List<Branch> run(TaskOrchestrationContext ctx, String activity, List<String> inputs, Limits limits,
                                   Function<String, Optional<Duration>> againAfter) {
        Branch[] ended = new Branch[inputs.size()];
        List<Slot> running = new ArrayList<>();
        int next = 0;
        while (next < inputs.size() || !running.isEmpty()) {
            while (running.size() < limits.parallel() && next < inputs.size()) {
                running.add(Slot.call(ctx, activity, next, inputs.get(next), ctx.getCurrentInstant(), 1, limits));
                next++;
            }
            awaitAny(ctx, running);
            for (Slot slot : List.copyOf(running)) {
                Optional<Slot> after = slot.settle(ctx, activity, inputs.get(slot.index), limits, againAfter, ended);
                if (after.isPresent()) {
                    running.set(running.indexOf(slot), after.get());
                }
                if (ended[slot.index] != null) {
                    running.remove(slot);
                }
            }
        }
        return Arrays.asList(ended);
    }

    /** Waits until some task of the running slots completes; a failed activity is read in {@link Slot#settle}. */
    private static void awaitAny(TaskOrchestrationContext ctx, List<Slot> running) {
        List<Task<?>> tasks = new ArrayList<>();
        for (Slot slot : running) {
            tasks.addAll(slot.tasks());
        }
        try {
            ctx.anyOf(tasks).await();
        } catch (TaskFailedException failedFirst) {
            // anyOf completes exceptionally when the first task to finish failed; that slot settles as FAILED
        }
    }

    /** One branch in flight: either a call raced against its timeout, or a wait before the next call. */
    private record Slot(int index, Instant branchStart, int calls, Task<String> call, Task<Void> timeout, Task<Void> pause) {
        static Slot call(TaskOrchestrationContext ctx, String activity, int index, String input, Instant branchStart,
                         int calls, Limits limits) {
            return new Slot(index, branchStart, calls, ctx.callActivity(activity, input, String.class),
                    ctx.createTimer(limits.perCall()), null);
        }

        List<Task<?>> tasks() {
            return pause != null ? List.of(pause) : List.of(call, timeout);
        }

        /** The slot's next form once one of its tasks is done (empty: unchanged, or ended into {@code ended}). */
        Optional<Slot> settle(TaskOrchestrationContext ctx, String activity, String input, Limits limits,
                              Function<String, Optional<Duration>> againAfter, Branch[] ended) {
            if (pause != null) {
                return pause.isDone() ? Optional.of(call(ctx, activity, index, input, branchStart, calls + 1, limits))
                        : Optional.empty();
            }
            if (call.isDone()) {
                String output;
                try {
                    output = call.await();
                } catch (TaskFailedException failed) {
                    ended[index] = new Branch(input, Status.FAILED, null, failed.getErrorDetails().getErrorMessage(), calls);
                    return Optional.empty();
                }
                Optional<Duration> wait = againAfter.apply(output);
                Instant now = ctx.getCurrentInstant();
                if (wait.isPresent() && now.plus(wait.get()).isBefore(branchStart.plus(limits.giveUpAfter()))) {
                    return Optional.of(new Slot(index, branchStart, calls, null, null, ctx.createTimer(wait.get())));
                }
                ended[index] = new Branch(input, Status.ANSWERED, output, null, calls);
                return Optional.empty();
            }
            if (timeout.isDone()) {
                ended[index] = new Branch(input, Status.TIMED_OUT, null, "no answer within " + limits.perCall(), calls);
            }
            return Optional.empty();
        }
    }
}
