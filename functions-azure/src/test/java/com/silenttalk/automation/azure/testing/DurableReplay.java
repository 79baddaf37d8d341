package com.silenttalk.automation.azure.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.microsoft.durabletask.OrchestrationRunner;
import com.microsoft.durabletask.OrchestratorFunction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import com.silenttalk.automation.azure.runtime.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The part of the Durable Functions host that matters for determinism, in a test: every
 * orchestrator episode goes through durabletask's own {@link OrchestrationRunner} (what the
 * Java worker's orchestration trigger calls) with the whole history so far as past events, so
 * the orchestrator is replayed from the start each time. The runner (1.4.0) matches replayed
 * actions to the history by sequence number only, so every episode's calls are also compared
 * here, in order, name, input and delay, with the calls the history recorded: a replay that
 * calls anything else fails. Activities run once, when first scheduled, as the host would;
 * timers fire at the time they were created for. {@link #runConcurrently} runs activities as a
 * host's workers do, side by side, and delivers each result when it arrives; there a durable timer
 * fires after its delay divided by a speed-up, in real time, unless results come first. A sub-orchestration
 * ({@link #withSubOrchestrator}) runs to its end on a history of its own and comes back to the parent as the
 * host reports it (SubOrchestrationInstanceCompleted / Failed).
 */
public final class DurableReplay {
    /** How an ended orchestration came out, and how many episodes (replays) it took. */
    public record Outcome(String status, String result, String failureType, String failureMessage, int episodes,
                          List<String> activities, List<Instant> timers, int mostActivitiesAtOnce) {
    }

    /** How scheduled activities and timers come back as history events: at once, or as a host's workers finish them. */
    private interface Host {
        void activity(int taskId, String name, String input);

        void timer(int timerId, Timestamp fireAt);

        /** Runs a sub-orchestration to its end; its outcome comes back as the event the host sends the parent. */
        void subOrchestration(int taskId, String name, String instanceId, String input);

        /** The events of the next episode (never empty while something is pending). */
        List<HistoryEvent> next();
    }

    static final java.time.Duration DELIVERY_DELAY = java.time.Duration.ofMillis(250);

    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<String> activities = new ArrayList<>();
    private final List<Instant> timers = new ArrayList<>();
    private final List<String> recordedCalls = new ArrayList<>();
    private final java.util.Map<String, OrchestratorFunction<String>> subOrchestrators = new java.util.HashMap<>();
    private int mostAtOnce;
    private int nextEventId = 1000; // host-assigned ids of non-action events; actions keep the ids the runner gave them
    private Instant now;

    public DurableReplay(Instant start) {
        this.now = start;
    }

    /** The orchestrator a {@code callSubOrchestrator(name, ...)} runs: replayed on its own history, with the same activities. */
    public DurableReplay withSubOrchestrator(String name, OrchestratorFunction<String> orchestrator) {
        subOrchestrators.put(name, orchestrator);
        return this;
    }

    /** A sub-orchestration's outcome as the parent's history has it: completed with its result, or failed with its message. */
    private HistoryEvent subOrchestrationEnded(int taskId, Outcome outcome) {
        if ("ORCHESTRATION_STATUS_COMPLETED".equals(outcome.status())) {
            return event().setSubOrchestrationInstanceCompleted(SubOrchestrationInstanceCompletedEvent.newBuilder()
                    .setTaskScheduledId(taskId).setResult(StringValue.of(encode(outcome.result())))).build();
        }
        return event().setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder().setTaskScheduledId(taskId)
                .setFailureDetails(TaskFailureDetails.newBuilder().setErrorType(String.valueOf(outcome.failureType()))
                        .setErrorMessage(String.valueOf(outcome.failureMessage())))).build();
    }

    private DurableReplay child(String name) {
        if (!subOrchestrators.containsKey(name)) {
            throw new IllegalStateException("no sub-orchestrator " + name + " given to withSubOrchestrator");
        }
        DurableReplay child = new DurableReplay(now);
        child.subOrchestrators.putAll(subOrchestrators);
        return child;
    }

    /**
     * Runs {@code orchestrator} to the end.
     *
     * @param activity runs one activity (name, decoded input) and returns its decoded output
     * @param timerFired told the time a durable timer fired for, so the test's clock can follow
     */
    public Outcome run(String name, String instanceId, String input, OrchestratorFunction<String> orchestrator,
                       BiFunction<String, String, String> activity, Consumer<Instant> timerFired) {
        List<HistoryEvent> pending = new ArrayList<>();
        return run(name, instanceId, input, orchestrator, new Host() {
            @Override
            public void activity(int taskId, String activityName, String activityInput) {
                String output = activity.apply(activityName, activityInput);
                pending.add(event().setTaskCompleted(TaskCompletedEvent.newBuilder().setTaskScheduledId(taskId)
                        .setResult(StringValue.of(encode(output)))).build());
            }

            @Override
            public void timer(int timerId, Timestamp fireAt) {
                // a real host delivers a timer a little after its time (1.4.0 re-arms one delivered exactly on it)
                Instant firesAt = Instant.ofEpochSecond(fireAt.getSeconds(), fireAt.getNanos());
                timers.add(firesAt);
                now = firesAt.plus(DELIVERY_DELAY);
                timerFired.accept(now);
                pending.add(event().setTimerFired(TimerFiredEvent.newBuilder().setTimerId(timerId).setFireAt(fireAt)).build());
            }

            @Override
            public void subOrchestration(int taskId, String subName, String subInstance, String subInput) {
                DurableReplay child = child(subName);
                Outcome outcome = child.run(subName, subInstance, subInput, subOrchestrators.get(subName), activity, timerFired);
                activities.addAll(outcome.activities());
                now = child.now;
                pending.add(subOrchestrationEnded(taskId, outcome));
            }

            @Override
            public List<HistoryEvent> next() {
                List<HistoryEvent> events = List.copyOf(pending);
                pending.clear();
                return events;
            }
        });
    }

    /**
     * Runs {@code orchestrator} to the end with its activities on {@code workers}, side by side: each result is
     * delivered when it arrives, a failed activity as the host reports it (TaskFailed, the exception's message). A
     * durable timer fires {@code speedUp} times faster than its delay, in real time, when no result came first.
     */
    public Outcome runConcurrently(String name, String instanceId, String input, OrchestratorFunction<String> orchestrator,
                                   BiFunction<String, String, String> activity, ExecutorService workers, double speedUp) {
        record Done(int taskId, String output, RuntimeException failure, Outcome sub) {
        }
        record Armed(int timerId, Timestamp fireAt, long dueNanos) {
        }
        LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
        List<Armed> armed = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        return run(name, instanceId, input, orchestrator, new Host() {
            @Override
            public void activity(int taskId, String activityName, String activityInput) {
                mostAtOnce = Math.max(mostAtOnce, inFlight.incrementAndGet());
                workers.execute(() -> {
                    Done result;
                    try {
                        result = new Done(taskId, activity.apply(activityName, activityInput), null, null);
                    } catch (RuntimeException failed) {
                        result = new Done(taskId, null, failed, null);
                    }
                    inFlight.decrementAndGet(); // before the result is seen, so the next activity is not counted with this one
                    done.add(result);
                });
            }

            @Override
            public void subOrchestration(int taskId, String subName, String subInstance, String subInput) {
                DurableReplay child = child(subName);
                workers.execute(() -> {
                    // its own workers: its activities must not wait behind the worker that runs it
                    ExecutorService own = java.util.concurrent.Executors.newFixedThreadPool(2);
                    Outcome outcome;
                    try {
                        outcome = child.runConcurrently(subName, subInstance, subInput, subOrchestrators.get(subName), activity, own, speedUp);
                    } catch (RuntimeException failed) {
                        outcome = new Outcome("ORCHESTRATION_STATUS_FAILED", null, failed.getClass().getName(), failed.getMessage(), 0,
                                List.of(), List.of(), 0);
                    } finally {
                        own.shutdownNow();
                    }
                    done.add(new Done(taskId, null, null, outcome));
                });
            }

            @Override
            public void timer(int timerId, Timestamp fireAt) {
                long delayNanos = java.time.Duration.between(now, Instant.ofEpochSecond(fireAt.getSeconds(), fireAt.getNanos())).toNanos();
                armed.add(new Armed(timerId, fireAt, System.nanoTime() + (long) (Math.max(0, delayNanos) / speedUp)));
            }

            @Override
            public List<HistoryEvent> next() {
                List<HistoryEvent> events = new ArrayList<>();
                try {
                    Armed soonest = armed.stream().min(java.util.Comparator.comparingLong(Armed::dueNanos)).orElse(null);
                    Done first = soonest == null ? done.poll(5, TimeUnit.MINUTES)
                            : done.poll(Math.max(0, soonest.dueNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
                    for (Done d = first; d != null; d = done.poll()) {
                        if (d.sub() != null) {
                            activities.addAll(d.sub().activities());
                        }
                        events.add(d.sub() != null ? subOrchestrationEnded(d.taskId(), d.sub()) : d.failure() == null
                                ? event().setTaskCompleted(TaskCompletedEvent.newBuilder().setTaskScheduledId(d.taskId())
                                        .setResult(StringValue.of(encode(d.output())))).build()
                                : event().setTaskFailed(TaskFailedEvent.newBuilder().setTaskScheduledId(d.taskId())
                                        .setFailureDetails(TaskFailureDetails.newBuilder()
                                                .setErrorType(d.failure().getClass().getName())
                                                .setErrorMessage(String.valueOf(d.failure().getMessage())))).build());
                    }
                    if (events.isEmpty() && soonest != null) {
                        armed.remove(soonest);
                        Instant firesAt = Instant.ofEpochSecond(soonest.fireAt().getSeconds(), soonest.fireAt().getNanos());
                        timers.add(firesAt);
                        now = firesAt.plus(DELIVERY_DELAY);
                        events.add(event().setTimerFired(TimerFiredEvent.newBuilder().setTimerId(soonest.timerId())
                                .setFireAt(soonest.fireAt())).build());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for an activity", e);
                }
                return events;
            }
        });
    }

    private Outcome run(String name, String instanceId, String input, OrchestratorFunction<String> orchestrator, Host host) {
        List<HistoryEvent> newEvents = new ArrayList<>();
        newEvents.add(started());
        newEvents.add(event().setExecutionStarted(ExecutionStartedEvent.newBuilder().setName(name)
                .setInput(StringValue.of(encode(input)))
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(instanceId))).build());
        for (int episode = 1; episode <= 500; episode++) {
            OrchestratorRequest request = OrchestratorRequest.newBuilder().setInstanceId(instanceId)
                    .addAllPastEvents(history).addAllNewEvents(newEvents).build();
            List<String> calls = new ArrayList<>();
            OrchestratorFunction<String> recorded = ctx -> orchestrator.apply(new RecordingOrchestrationContext(ctx, calls));
            OrchestratorResponse response = parse(OrchestrationRunner.loadAndRun(request.toByteArray(), recorded));
            for (int i = 0; i < recordedCalls.size(); i++) {
                String replayed = i < calls.size() ? calls.get(i) : "(nothing)";
                if (!replayed.equals(recordedCalls.get(i))) {
                    throw new NonDeterministicReplayException("episode " + episode + ", call " + (i + 1) + ": the history has '"
                            + recordedCalls.get(i) + "' but the replay made '" + replayed + "'");
                }
            }
            recordedCalls.addAll(calls.subList(Math.min(recordedCalls.size(), calls.size()), calls.size()));
            history.addAll(newEvents);
            newEvents = new ArrayList<>();
            for (OrchestratorAction action : response.getActionsList()) {
                if (action.hasCompleteOrchestration()) {
                    CompleteOrchestrationAction done = action.getCompleteOrchestration();
                    return new Outcome(done.getOrchestrationStatus().name(),
                            done.hasResult() ? decode(done.getResult().getValue()) : null,
                            done.hasFailureDetails() ? done.getFailureDetails().getErrorType() : null,
                            done.hasFailureDetails() ? done.getFailureDetails().getErrorMessage() : null,
                            episode, List.copyOf(activities), List.copyOf(timers), mostAtOnce);
                }
                if (action.hasScheduleTask()) {
                    String activityName = action.getScheduleTask().getName();
                    String activityInput = decode(action.getScheduleTask().getInput().getValue());
                    history.add(event(action.getId()).setTaskScheduled(TaskScheduledEvent.newBuilder().setName(activityName)
                            .setInput(action.getScheduleTask().getInput())).build());
                    activities.add(activityName);
                    host.activity(action.getId(), activityName, activityInput);
                } else if (action.hasCreateTimer()) {
                    Timestamp fireAt = action.getCreateTimer().getFireAt();
                    history.add(event(action.getId()).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(fireAt)).build());
                    host.timer(action.getId(), fireAt);
                } else if (action.hasCreateSubOrchestration()) {
                    var create = action.getCreateSubOrchestration();
                    history.add(event(action.getId()).setSubOrchestrationInstanceCreated(SubOrchestrationInstanceCreatedEvent.newBuilder()
                            .setName(create.getName()).setInstanceId(create.getInstanceId()).setInput(create.getInput())).build());
                    activities.add("sub-orchestration " + create.getName() + " " + create.getInstanceId());
                    host.subOrchestration(action.getId(), create.getName(), create.getInstanceId(), decode(create.getInput().getValue()));
                } else {
                    throw new IllegalStateException("the orchestration asked for " + action.getOrchestratorActionTypeCase());
                }
            }
            newEvents = new ArrayList<>(host.next());
            if (newEvents.isEmpty()) {
                throw new IllegalStateException("the orchestration is waiting on nothing");
            }
            newEvents.add(0, started());
        }
        throw new IllegalStateException("the orchestration did not end in 500 episodes");
    }

    /** A replay that did not make the calls the history recorded. */
    public static final class NonDeterministicReplayException extends RuntimeException {
        NonDeterministicReplayException(String message) {
            super(message);
        }
    }

    private HistoryEvent started() {
        return event().setOrchestratorStarted(OrchestratorStartedEvent.newBuilder()).build();
    }

    private HistoryEvent.Builder event() {
        return event(nextEventId++);
    }

    private HistoryEvent.Builder event(int id) {
        return HistoryEvent.newBuilder().setEventId(id)
                .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    }

    private static OrchestratorResponse parse(byte[] bytes) {
        try {
            return OrchestratorResponse.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the runner answered something that is not an OrchestratorResponse", e);
        }
    }

    /** Orchestration inputs and outputs travel as JSON (durabletask's data converter): a String is a JSON string. */
    private static String encode(String value) {
        return Json.write(value);
    }

    private static String decode(String json) {
        try {
            return Json.MAPPER.readValue(json, String.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON string: " + json, e);
        }
    }
}
