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
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<RotationRequest> requests;
        try {
            requests = RotationRequest.nearExpiryBatch(event, w.settings().vaultName());
            for (int i = 0; i < requests.size(); i++) {
                try {
                    w.rotation().requireRotated(requests.get(i));
                } catch (InvalidFieldException e) {
                    throw requests.size() == 1 ? e : e.under("event[" + i + "]");
                }
            }
        } catch (InvalidFieldException e) {
            context.getLogger().warning("secret-rotation rejected: " + e.getMessage());
            throw e;
        }
        List<String> inProgress = new ArrayList<>();
        for (RotationRequest request : requests) {
            KeyVaultRotation.Result result;
            try {
                result = w.rotation().handle(request);
            } catch (InvalidFieldException e) {
                context.getLogger().warning("secret-rotation rejected: " + e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                context.getLogger().severe("secret-rotation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            }
            context.getLogger().info(line(request, result));
            if (result.action() == KeyVaultRotation.Action.IN_PROGRESS) {
                inProgress.add(request.secret());
            }
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
        RotationRequest parsed;
        try {
            parsed = RotationRequest.manual(request.getBody().orElse(null));
        } catch (InvalidFieldException e) {
            return badRequest(request, context, e);
        }
        KeyVaultRotation.Result result;
        try {
            result = w.rotation().handle(parsed);
        } catch (InvalidFieldException e) {
            return badRequest(request, context, e);
        } catch (TargetUnreachableException e) {
            return failure(request, context, HttpStatus.SERVICE_UNAVAILABLE, parsed, e);
        } catch (RotationFailedException e) {
            return failure(request, context, HttpStatus.INTERNAL_SERVER_ERROR, parsed, e);
        }
        context.getLogger().info(line(parsed, result));
        HttpStatus status = switch (result.action()) {
            case ROTATED, ALREADY_ROTATED, PLANNED -> HttpStatus.OK;
            case IN_PROGRESS, STALE -> HttpStatus.CONFLICT;
        };
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(Json.write(result.toMap())).build();
    }

    private static String line(RotationRequest request, KeyVaultRotation.Result result) {
        return "secret-rotation source=" + request.source() + " secret=" + request.secret() + " version=" + result.replacedVersion()
                + " action=" + result.toMap().get("action") + (result.reason() == null ? "" : " reason=" + result.reason());
    }

    private static HttpResponseMessage badRequest(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                                  InvalidFieldException e) {
        context.getLogger().warning("secret-rotation rejected: " + e.getMessage());
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", "bad request");
        error.put("field", e.field());
        error.put("message", e.getMessage());
        return request.createResponseBuilder(HttpStatus.BAD_REQUEST).header("Content-Type", "application/json")
                .body(Json.write(error)).build();
    }

    private static HttpResponseMessage failure(HttpRequestMessage<Optional<String>> request, ExecutionContext context, HttpStatus status,
                                               RotationRequest parsed, RuntimeException e) {
        context.getLogger().severe("secret-rotation source=http secret=" + parsed.secret() + " failed: " + e.getMessage());
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", "rotation failed");
        error.put("secret", parsed.secret());
        error.put("message", e.getMessage());
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(Json.write(error)).build();
    }
}
