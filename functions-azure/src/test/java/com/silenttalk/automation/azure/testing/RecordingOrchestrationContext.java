package com.silenttalk.automation.azure.testing;

import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskCanceledException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestrationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The runner's context, passing everything through and noting each activity call and timer, replayed or new. */
final class RecordingOrchestrationContext implements TaskOrchestrationContext {
    private final TaskOrchestrationContext ctx;
    private final List<String> calls;

    RecordingOrchestrationContext(TaskOrchestrationContext ctx, List<String> calls) {
        this.ctx = ctx;
        this.calls = calls;
    }

    @Override
    public <V> Task<V> callActivity(String name, Object input, TaskOptions options, Class<V> returnType) {
        calls.add("activity " + name + " " + input);
        return ctx.callActivity(name, input, options, returnType);
    }

    @Override
    public Task<Void> createTimer(Duration delay) {
        calls.add("timer " + delay);
        return ctx.createTimer(delay);
    }

    @Override
    public String getName() {
        return ctx.getName();
    }

    @Override
    public <V> V getInput(Class<V> targetType) {
        return ctx.getInput(targetType);
    }

    @Override
    public String getInstanceId() {
        return ctx.getInstanceId();
    }

    @Override
    public Instant getCurrentInstant() {
        return ctx.getCurrentInstant();
    }

    @Override
    public boolean getIsReplaying() {
        return ctx.getIsReplaying();
    }

    @Override
    public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
        return ctx.allOf(tasks);
    }

    @Override
    public Task<Task<?>> anyOf(List<Task<?>> tasks) {
        return ctx.anyOf(tasks);
    }

    @Override
    public void complete(Object output) {
        ctx.complete(output);
    }

    @Override
    public void continueAsNew(Object input, boolean preserveUnprocessedEvents) {
        ctx.continueAsNew(input, preserveUnprocessedEvents);
    }

    @Override
    public void sendEvent(String instanceId, String eventName, Object eventData) {
        ctx.sendEvent(instanceId, eventName, eventData);
    }

    @Override
    public <V> Task<V> callSubOrchestrator(String name, Object input, String instanceId, TaskOptions options, Class<V> returnType) {
        calls.add("suborchestrator " + name + " " + input);
        return ctx.callSubOrchestrator(name, input, instanceId, options, returnType);
    }

    @Override
    public <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> dataType) throws TaskCanceledException {
        calls.add("event " + name + " " + timeout);
        return ctx.waitForExternalEvent(name, timeout, dataType);
    }

    @Override
    public void setCustomStatus(Object customStatus) {
        ctx.setCustomStatus(customStatus);
    }

    @Override
    public void clearCustomStatus() {
        ctx.clearCustomStatus();
    }
}
