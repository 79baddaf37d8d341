package com.silenttalk.automation.azure.runtime;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** How the HTTP-triggered functions answer: JSON bodies, and one shape for bad input (400 naming the field). */
public final class HttpAnswers {
    private HttpAnswers() {
    }

    public static HttpResponseMessage json(HttpRequestMessage<Optional<String>> request, HttpStatus status, Object body) {
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(Json.write(body)).build();
    }

    /**
     * The HTTP skeleton: the body parsed into a command ({@code parse} throws {@link InvalidFieldException} naming the
     * field), then {@code answer} with it; bad input is the 400 of {@link #badRequest} and nothing else happens.
     */
    public static <C> HttpResponseMessage onValid(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                                  String function, Function<String, C> parse,
                                                  Function<C, HttpResponseMessage> answer) {
        C command;
        try {
            command = parse.apply(request.getBody().orElse(null));
        } catch (InvalidFieldException e) {
            return badRequest(request, context, function, e);
        }
        return answer.apply(command);
    }

    /** Bad input: logs "{@code function} rejected: message" and answers 400 with the field; nothing else happened. */
    public static HttpResponseMessage badRequest(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                                 String function, InvalidFieldException e) {
        context.getLogger().warning(function + " rejected: " + e.getMessage());
        return json(request, HttpStatus.BAD_REQUEST, error("bad request", "field", e.field(), e.getMessage()));
    }

    /**
     * Input that is well formed but refused in this state (404 unknown, 409 conflict), answered naming the request's
     * {@code field}: logged like bad input, nothing changed.
     */
    public static HttpResponseMessage refused(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                              String function, HttpStatus status, String field, InvalidFieldException e) {
        context.getLogger().warning(function + " rejected: " + e.getMessage());
        return json(request, status, error(status == HttpStatus.NOT_FOUND ? "not found" : "conflict", "field", field,
                e.getMessage()));
    }

    /** An error body: {@code {"error": ..., <key>: <value>, "message": ...}} in that order. */
    public static Map<String, String> error(String error, String key, String value, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put(key, value);
        body.put("message", message);
        return body;
    }
}
