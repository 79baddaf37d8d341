package com.silenttalk.automation.azure.rotation;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.silenttalk.automation.azure.runtime.HttpAnswers;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Key Vault secret rotation: Event Grid {@code Microsoft.KeyVault.SecretNearExpiry}, and a manual HTTP
 * trigger (POST /api/rotations, auth level FUNCTION). Both parse, hand the request to {@link KeyVaultRotation}
 * and log one line with identifiers only: never the event body, never a value.
 */
public final class SecretRotationFunctions {
    public static final String NEAR_EXPIRY_FUNCTION = "SecretNearExpiry";
    public static final String HTTP_FUNCTION = "SecretRotateHttp";
    public static final String ROUTE = "rotations";

    private final Supplier<RotationWiring> wiring;

    public SecretRotationFunctions() {
        this(RotationWiring::production);
    }

    /** Given adapters: tests, and opsctl invoke outside the Functions host. */
    public SecretRotationFunctions(Supplier<RotationWiring> wiring) {
        this.wiring = wiring;
    }

    /**
     * A stale or duplicate notice is acknowledged (returns normally). A rotation of the same version that
     * another worker is running fails this delivery on purpose, so Event Grid redelivers it later.
     */
    @FunctionName(NEAR_EXPIRY_FUNCTION)
    public void nearExpiry(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        RotationWiring w = wiring.get();
        List<String> inProgress;
        try {
            List<RotationRequest> requests = RotationRequest.nearExpiryBatch(event, w.settings().vaultName());
            w.rotation().requireRotated(requests);
            inProgress = w.rotation().handleBatch(requests, context.getLogger()::info);
        } catch (InvalidFieldException e) {
            context.getLogger().warning("secret-rotation rejected: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            context.getLogger().severe("secret-rotation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        if (!inProgress.isEmpty()) {
            throw new IllegalStateException("rotation of " + String.join(", ", inProgress)
                    + " is in progress elsewhere; Event Grid redelivers");
        }
    }

    @FunctionName(HTTP_FUNCTION)
    public HttpResponseMessage manual(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION, route = ROUTE)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        RotationWiring w = wiring.get();
        return HttpAnswers.onValid(request, context, "secret-rotation", RotationRequest::manual, parsed -> {
            KeyVaultRotation.Result result;
            try {
                result = w.rotation().handle(parsed);
            } catch (InvalidFieldException e) {
                return HttpAnswers.badRequest(request, context, "secret-rotation", e);
            } catch (RotationFailedException e) {
                context.getLogger().severe("secret-rotation source=http secret=" + parsed.secret() + " failed: " + e.getMessage());
                return HttpAnswers.json(request, e instanceof TargetUnreachableException ? HttpStatus.SERVICE_UNAVAILABLE
                        : HttpStatus.INTERNAL_SERVER_ERROR, HttpAnswers.error("rotation failed", "secret", parsed.secret(), e.getMessage()));
            }
            context.getLogger().info(result.logLine(parsed));
            HttpStatus status = switch (result.action()) {
                case ROTATED, ALREADY_ROTATED, PLANNED -> HttpStatus.OK;
                case IN_PROGRESS, STALE -> HttpStatus.CONFLICT;
            };
            return HttpAnswers.json(request, status, result.toMap());
        });
    }
}
