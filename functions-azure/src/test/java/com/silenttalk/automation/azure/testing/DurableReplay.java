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
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import com.silenttalk.automation.azure.runtime.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * timers fire at the time they were created for.
 */
public final class DurableReplay {
    /** How an ended orchestration came out, and how many episodes (replays) it took. */
    public record Outcome(String status, String result, String failureType, String failureMessage, int episodes,
                          List<String> activities, List<Instant> timers) {
    }

    static final java.time.Duration DELIVERY_DELAY = java.time.Duration.ofMillis(250);

    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<String> activities = new ArrayList<>();
    private final List<Instant> timers = new ArrayList<>();
    private final List<String> recordedCalls = new ArrayList<>();
    private int nextEventId = 1000; // host-assigned ids of non-action events; actions keep the ids the runner gave them
    private Instant now;

    public DurableReplay(Instant start) {
        this.now = start;
    }

    /**
     * Runs {@code orchestrator} to the end.
     *
     * @param activity runs one activity (name, decoded input) and returns its decoded output
     * @param timerFired told the time a durable timer fired for, so the test's clock can follow
     */
    public Outcome run(String name, String instanceId, String input, OrchestratorFunction<String> orchestrator,
                       BiFunction<String, String, String> activity, Consumer<Instant> timerFired) {
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
                            episode, List.copyOf(activities), List.copyOf(timers));
                }
                if (action.hasScheduleTask()) {
                    String activityName = action.getScheduleTask().getName();
                    String activityInput = decode(action.getScheduleTask().getInput().getValue());
                    history.add(event(action.getId()).setTaskScheduled(TaskScheduledEvent.newBuilder().setName(activityName)
                            .setInput(action.getScheduleTask().getInput())).build());
                    activities.add(activityName);
                    String output = activity.apply(activityName, activityInput);
                    newEvents.add(event().setTaskCompleted(TaskCompletedEvent.newBuilder().setTaskScheduledId(action.getId())
                            .setResult(StringValue.of(encode(output)))).build());
                } else if (action.hasCreateTimer()) {
                    Timestamp fireAt = action.getCreateTimer().getFireAt();
                    history.add(event(action.getId()).setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(fireAt)).build());
                    Instant firesAt = Instant.ofEpochSecond(fireAt.getSeconds(), fireAt.getNanos());
                    timers.add(firesAt);
                    // a real host delivers a timer a little after its time (1.4.0 re-arms one delivered exactly on it)
                    now = firesAt.plus(DELIVERY_DELAY);
                    timerFired.accept(now);
                    newEvents.add(event().setTimerFired(TimerFiredEvent.newBuilder().setTimerId(action.getId()).setFireAt(fireAt)).build());
                } else {
                    throw new IllegalStateException("the drill orchestration asked for " + action.getOrchestratorActionTypeCase());
                }
            }
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
