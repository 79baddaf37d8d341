package com.silenttalk.automation.azure.testing;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import com.microsoft.durabletask.PurgeInstanceCriteria;
import com.microsoft.durabletask.PurgeResult;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Durable Functions client binding, recording what was scheduled instead of calling the
 * host's gRPC endpoint (which only exists inside the Functions host).
 */
public final class RecordingDurableClient extends DurableTaskClient {
    public record Scheduled(String orchestration, Object input, String instanceId) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    public List<Scheduled> scheduled() {
        return List.copyOf(scheduled);
    }

    public DurableClientContext context() {
        RecordingDurableClient client = this;
        return new DurableClientContext() {
            @Override
            public DurableTaskClient getClient() {
                return client;
            }

            @Override
            public HttpResponseMessage createCheckStatusResponse(HttpRequestMessage<?> request, String instanceId) {
                return request.createResponseBuilder(HttpStatus.ACCEPTED)
                        .header("Location", request.getUri() + "/runtime/webhooks/durabletask/instances/" + instanceId)
                        .body("{\"id\":\"" + instanceId + "\"}").build();
            }
        };
    }

    @Override
    public String scheduleNewOrchestrationInstance(String name, NewOrchestrationInstanceOptions options) {
        scheduled.add(new Scheduled(name, options.getInput(), options.getInstanceId()));
        return options.getInstanceId();
    }

    @Override
    public void raiseEvent(String instanceId, String eventName, Object eventPayload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OrchestrationMetadata getInstanceMetadata(String instanceId, boolean getInputsAndOutputs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OrchestrationMetadata waitForInstanceStart(String instanceId, Duration timeout, boolean getInputsAndOutputs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OrchestrationMetadata waitForInstanceCompletion(String instanceId, Duration timeout, boolean getInputsAndOutputs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void terminate(String instanceId, Object output) {
        throw new UnsupportedOperationException();
    }

    @Override
    public OrchestrationStatusQueryResult queryInstances(OrchestrationStatusQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void createTaskHub(boolean recreateIfExists) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteTaskHub() {
        throw new UnsupportedOperationException();
    }

    @Override
    public PurgeResult purgeInstance(String instanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PurgeResult purgeInstances(PurgeInstanceCriteria purgeInstanceCriteria) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String restartInstance(String instanceId, boolean restartWithNewInstanceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void suspendInstance(String instanceId, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resumeInstance(String instanceId, String reason) {
        throw new UnsupportedOperationException();
    }
}
