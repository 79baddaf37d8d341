package com.silenttalk.automation.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a state machine of template.yaml as Step Functions would, in the test's process: its Definition as written
 * (after the DefinitionSubstitutions the test gives), states Pass, Task, Map, Succeed and Fail, the JSONPath
 * fields (InputPath, Parameters, ResultSelector, ResultPath, OutputPath, ItemsPath, ItemSelector with
 * {@code $$.Map.Item}), the intrinsics the suite uses (States.StringSplit, States.StringToJson, States.JsonToString),
 * Retry (at once, no wait) and Catch. A Map runs its iterations on at most MaxConcurrency (or MaxConcurrencyPath)
 * threads at once; an iteration that fails fails the Map, as the service does. Tasks: {@code lambda:invoke} calls
 * the function the test registered under the FunctionName (its output is {@code Payload}, a thrown exception the
 * error named by its class, as the Lambda integration names it); {@code sqs:sendMessage} is recorded. Any other
 * state type or field it does not know fails the run: the harness never silently skips what a definition asks.
 */
public final class StepFunctionsReplay {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    private static final List<String> KNOWN = List.of("Type", "Comment", "Next", "End", "InputPath", "Parameters", "ResultSelector",
            "ResultPath", "OutputPath", "Resource", "Retry", "Catch", "ItemsPath", "ItemSelector", "ItemProcessor", "MaxConcurrency",
            "MaxConcurrencyPath", "Result", "Error", "Cause");

    /** A failed state: the Error and Cause a Catch or the execution sees. */
    public static final class StatesError extends RuntimeException {
        public final String error;
        public final String cause;

        public StatesError(String error, String cause) {
            super(error + ": " + cause);
            this.error = error;
            this.cause = cause;
        }
    }

    private final JsonNode definition;
    private final Map<String, Function<Map<String, Object>, Map<String, Object>>> functions;
    private final List<JsonNode> sentMessages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> entered = Collections.synchronizedList(new ArrayList<>());

    /** @param functions what each lambda:invoke FunctionName (after substitution) runs */
    public StepFunctionsReplay(JsonNode definition, Map<String, Function<Map<String, Object>, Map<String, Object>>> functions) {
        this.definition = definition;
        this.functions = Map.copyOf(functions);
    }

    /** The Definition of {@code machine} in the template, its {@code ${...}} replaced by {@code substitutions}. */
    public static JsonNode definition(Path template, String machine, Map<String, String> substitutions) {
        try {
            // the YAML reader keeps a tag's value (!Ref X reads as "X"); only the Definition is used
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(template));
            JsonNode definition = root.path("Resources").path(machine).path("Properties").path("Definition");
            if (definition.isMissingNode()) {
                throw new IllegalArgumentException(machine + " has no Definition in " + template);
            }
            Matcher m = SUBSTITUTION.matcher(JSON.writeValueAsString(definition));
            StringBuilder text = new StringBuilder();
            while (m.find()) {
                String value = substitutions.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("no substitution for ${" + m.group(1) + "}");
                }
                m.appendReplacement(text, Matcher.quoteReplacement(value.replace("\\", "\\\\").replace("\"", "\\\"")));
            }
            m.appendTail(text);
            return JSON.readTree(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the machine to its end; a failed execution is the {@link StatesError} it failed with. */
    public JsonNode run(JsonNode input) {
        return runStates(definition, input, JsonNodeFactory.instance.objectNode());
    }

    /** The messages the sqs:sendMessage tasks sent (their Parameters). */
    public List<JsonNode> sentMessages() {
        return List.copyOf(sentMessages);
    }

    /** Every state entered (a state transition each), in order of entry across threads. */
    public List<String> enteredStates() {
        return List.copyOf(entered);
    }

    private JsonNode runStates(JsonNode machine, JsonNode input, ObjectNode context) {
        String name = machine.path("StartAt").asText();
        JsonNode data = input;
        for (int steps = 0; steps < 1000; steps++) {
            JsonNode state = machine.path("States").path(name);
            if (state.isMissingNode()) {
                throw new IllegalStateException("no state " + name);
            }
            state.fieldNames().forEachRemaining(f -> {
                if (!KNOWN.contains(f)) {
                    throw new UnsupportedOperationException("state field " + f + " is not replayed");
                }
            });
            entered.add(name);
            String type = state.path("Type").asText();
            if (type.equals("Succeed")) {
                return data;
            }
            if (type.equals("Fail")) {
                throw new StatesError(state.path("Error").asText(), state.path("Cause").asText());
            }
            String next;
            try {
                data = execute(state, data, context);
                next = state.path("Next").asText(null);
            } catch (StatesError e) {
                JsonNode catcher = catcher(state, e);
                if (catcher == null) {
                    throw e;
                }
                ObjectNode error = JsonNodeFactory.instance.objectNode().put("Error", e.error).put("Cause", e.cause);
                data = applyResultPath(data, catcher.has("ResultPath") ? catcher.get("ResultPath") : JsonNodeFactory.instance.textNode("$"), error);
                next = catcher.path("Next").asText();
            }
            if (state.path("End").asBoolean(false)) {
                return data;
            }
            if (next == null) {
                throw new IllegalStateException(name + " has neither Next nor End");
            }
            name = next;
        }
        throw new IllegalStateException("more than 1000 transitions");
    }

    private JsonNode execute(JsonNode state, JsonNode stateInput, ObjectNode context) {
        JsonNode effective = path(stateInput, state.path("InputPath").asText("$"), context);
        String type = state.path("Type").asText();
        JsonNode result = switch (type) {
            case "Pass" -> state.has("Parameters") ? parameters(state.get("Parameters"), effective, context)
                    : state.has("Result") ? state.get("Result") : effective;
            case "Task" -> withRetries(state, () -> task(state, parameters(state.path("Parameters"), effective, context)));
            case "Map" -> map(state, effective, context);
            default -> throw new UnsupportedOperationException("state type " + type + " is not replayed");
        };
        if (state.has("ResultSelector")) {
            result = parameters(state.get("ResultSelector"), result, context);
        }
        JsonNode out = applyResultPath(stateInput, state.has("ResultPath") ? state.get("ResultPath") : JsonNodeFactory.instance.textNode("$"), result);
        return path(out, state.path("OutputPath").asText("$"), context);
    }

    private JsonNode withRetries(JsonNode state, java.util.function.Supplier<JsonNode> attempt) {
        int attempts = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (StatesError e) {
                attempts++;
                JsonNode retrier = null;
                for (JsonNode r : state.path("Retry")) {
                    if (matches(r.path("ErrorEquals"), e.error)) {
                        retrier = r;
                        break;
                    }
                }
                if (retrier == null || attempts > retrier.path("MaxAttempts").asInt(3)) {
                    throw e;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private JsonNode task(JsonNode state, JsonNode parameters) {
        String resource = state.path("Resource").asText();
        switch (resource) {
            case "arn:aws:states:::lambda:invoke" -> {
                String name = parameters.path("FunctionName").asText();
                Function<Map<String, Object>, Map<String, Object>> function = functions.get(name);
                if (function == null) {
                    throw new IllegalStateException("no function registered as " + name);
                }
                Map<String, Object> payload = JSON.convertValue(parameters.path("Payload"), Map.class);
                try {
                    // the payload crosses the service as JSON text, both ways
                    Map<String, Object> output = function.apply(JSON.readValue(JSON.writeValueAsString(payload), Map.class));
                    return JsonNodeFactory.instance.objectNode().put("StatusCode", 200).set("Payload", JSON.readTree(JSON.writeValueAsString(output)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    ObjectNode cause = JsonNodeFactory.instance.objectNode().put("errorMessage", String.valueOf(e.getMessage()))
                            .put("errorType", e.getClass().getName());
                    throw new StatesError(e.getClass().getName(), cause.toString());
                }
            }
            case "arn:aws:states:::sqs:sendMessage" -> {
                sentMessages.add(parameters);
                return JsonNodeFactory.instance.objectNode().put("MessageId", UUID.randomUUID().toString());
            }
            default -> throw new UnsupportedOperationException("task resource " + resource + " is not replayed");
        }
    }

    private JsonNode map(JsonNode state, JsonNode input, ObjectNode context) {
        JsonNode items = path(input, state.path("ItemsPath").asText("$"), context);
        if (!items.isArray()) {
            throw new StatesError("States.Runtime", "ItemsPath is not an array: " + items);
        }
        int limit = state.has("MaxConcurrencyPath") ? path(input, state.get("MaxConcurrencyPath").asText(), context).intValue()
                : state.path("MaxConcurrency").asInt(0);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, limit == 0 ? items.size() : Math.min(limit, items.size())));
        try {
            List<Future<JsonNode>> iterations = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ObjectNode itemContext = context.deepCopy();
                itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", items.get(i));
                JsonNode itemInput = state.has("ItemSelector") ? parameters(state.get("ItemSelector"), input, itemContext) : items.get(i);
                iterations.add(pool.submit(() -> runStates(state.path("ItemProcessor"), itemInput, itemContext)));
            }
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            for (Future<JsonNode> iteration : iterations) {
                results.add(iteration.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode catcher(JsonNode state, StatesError e) {
        for (JsonNode c : state.path("Catch")) {
            if (matches(c.path("ErrorEquals"), e.error)) {
                return c;
            }
        }
        return null;
    }

    private static boolean matches(JsonNode errorEquals, String error) {
        for (JsonNode name : errorEquals) {
            if (name.asText().equals(error) || name.asText().equals("States.ALL")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode parameters(JsonNode template, JsonNode input, ObjectNode context) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().endsWith(".$")) {
                    out.set(field.getKey().substring(0, field.getKey().length() - 2), evaluate(field.getValue().asText(), input, context));
                } else {
                    out.set(field.getKey(), parameters(field.getValue(), input, context));
                }
            }
            return out;
        }
        return template;
    }

    private JsonNode evaluate(String expression, JsonNode input, ObjectNode context) {
        if (!expression.startsWith("States.")) {
            return path(input, expression, context);
        }
        Matcher call = Pattern.compile("States\\.(\\w+)\\((.*)\\)").matcher(expression);
        if (!call.matches()) {
            throw new UnsupportedOperationException("intrinsic " + expression);
        }
        List<JsonNode> args = new ArrayList<>();
        for (String arg : call.group(2).split(",(?=(?:[^']*'[^']*')*[^']*$)")) {
            String a = arg.strip();
            args.add(a.startsWith("'") ? JsonNodeFactory.instance.textNode(a.substring(1, a.length() - 1)) : path(input, a, context));
        }
        try {
            return switch (call.group(1)) {
                case "StringSplit" -> {
                    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                    for (String part : args.get(0).asText().split(Pattern.quote(args.get(1).asText()))) {
                        parts.add(part);
                    }
                    yield parts;
                }
                case "StringToJson" -> JSON.readTree(args.get(0).asText());
                case "JsonToString" -> JsonNodeFactory.instance.textNode(JSON.writeValueAsString(args.get(0)));
                default -> throw new UnsupportedOperationException("intrinsic States." + call.group(1));
            };
        } catch (IOException e) {
            throw new StatesError("States.Runtime", e.getMessage());
        }
    }

    /** A reference path: $, $.a.b, $$.Map.Item.Value. */
    private static JsonNode path(JsonNode input, String path, ObjectNode context) {
        JsonNode node;
        String rest;
        if (path.startsWith("$$")) {
            node = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            node = input;
            rest = path.substring(1);
        } else {
            throw new UnsupportedOperationException("path " + path);
        }
        for (String part : rest.split("\\.")) {
            if (!part.isEmpty()) {
                node = node.path(part);
            }
        }
        if (node.isMissingNode()) {
            throw new StatesError("States.Runtime", "the JSONPath " + path + " could not be found in the input");
        }
        return node;
    }

    private static JsonNode applyResultPath(JsonNode input, JsonNode resultPath, JsonNode result) {
        if (resultPath == null || resultPath.isNull()) {
            return input;
        }
        String path = resultPath.asText();
        if (path.equals("$")) {
            return result;
        }
        ObjectNode out = input.deepCopy();
        String[] parts = path.substring(2).split("\\.");
        ObjectNode at = out;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.has(parts[i]) && at.get(parts[i]).isObject() ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], result);
        return out;
    }
}
