package com.silenttalk.automation.infra.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the ARM expressions used in resource names to comparable text, so that a
 * {@code dependsOn: [resourceId('T', variables('a'), 'default')]} can be matched with the resource
 * whose name is {@code [format('{0}/default', variables('a'))]}. Parameters with a literal default
 * and variables are substituted; any other function is kept symbolically ({@code uniqueString(...)}).
 */
public final class ArmNames {

    record ResourceRef(String type, String name) {
    }

    private final JsonNode template;

    public ArmNames(JsonNode template) {
        this.template = template;
    }

    /** The literal value of a name as ARM would compute it (symbolic where it depends on the deployment). */
    public String evaluate(String value) {
        if (value.startsWith("[") && value.endsWith("]") && !value.startsWith("[[")) {
            Parser parser = new Parser(value.substring(1, value.length() - 1));
            return parser.expression().text();
        }
        return value;
    }

    /** The target of a dependsOn entry written as resourceId(...); null when it is not in that form. */
    ResourceRef resourceIdTarget(String dependency) {
        if (!dependency.startsWith("[") || !dependency.endsWith("]")) {
            return null;
        }
        Value value = new Parser(dependency.substring(1, dependency.length() - 1)).expression();
        if (!"resourceId".equals(value.function()) || value.arguments().isEmpty()) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (Value argument : value.arguments().subList(1, value.arguments().size())) {
            segments.add(argument.text());
        }
        return new ResourceRef(value.arguments().get(0).text(), String.join("/", segments));
    }

    private record Value(String text, String function, List<Value> arguments) {
        static Value literal(String text) {
            return new Value(text, null, List.of());
        }
    }

    private final class Parser {
        private final String source;
        private int position;

        Parser(String source) {
            this.source = source;
        }

        Value expression() {
            skipSpaces();
            Value value;
            if (peek() == '\'') {
                value = Value.literal(stringLiteral());
            } else if (Character.isDigit(peek()) || peek() == '-') {
                int start = position++;
                while (position < source.length() && Character.isDigit(source.charAt(position))) {
                    position++;
                }
                value = Value.literal(source.substring(start, position));
            } else {
                value = call();
            }
            skipSpaces();
            while (position < source.length() && (peek() == '.' || peek() == '[')) {
                if (peek() == '.') {
                    int start = position++;
                    while (position < source.length() && Character.isJavaIdentifierPart(source.charAt(position))) {
                        position++;
                    }
                    value = Value.literal(value.text() + source.substring(start, position));
                } else {
                    position++;
                    Value index = expression();
                    expect(']');
                    value = Value.literal(value.text() + "[" + index.text() + "]");
                }
                skipSpaces();
            }
            return value;
        }

        private Value call() {
            int start = position;
            while (position < source.length() && Character.isJavaIdentifierPart(source.charAt(position))) {
                position++;
            }
            String function = source.substring(start, position);
            if (function.isEmpty()) {
                throw new IllegalArgumentException("cannot parse ARM expression at " + position + ": " + source);
            }
            skipSpaces();
            expect('(');
            List<Value> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() != ')') {
                arguments.add(expression());
                skipSpaces();
                while (peek() == ',') {
                    position++;
                    arguments.add(expression());
                    skipSpaces();
                }
            }
            expect(')');
            return new Value(apply(function, arguments), function, arguments);
        }

        private String apply(String function, List<Value> arguments) {
            switch (function) {
                case "parameters": {
                    String name = arguments.get(0).text();
                    JsonNode defaultValue = template.path("parameters").path(name).path("defaultValue");
                    return defaultValue.isTextual() && !defaultValue.asText().startsWith("[")
                            ? defaultValue.asText() : "{" + name + "}";
                }
                case "variables": {
                    JsonNode variable = template.path("variables").path(arguments.get(0).text());
                    return variable.isTextual() ? evaluate(variable.asText()) : "{" + arguments.get(0).text() + "}";
                }
                case "concat": {
                    StringBuilder joined = new StringBuilder();
                    arguments.forEach(argument -> joined.append(argument.text()));
                    return joined.toString();
                }
                case "format": {
                    String text = arguments.get(0).text();
                    for (int i = 1; i < arguments.size(); i++) {
                        text = text.replace("{" + (i - 1) + "}", arguments.get(i).text());
                    }
                    return text;
                }
                default: {
                    List<String> texts = new ArrayList<>();
                    arguments.forEach(argument -> texts.add(argument.text()));
                    return function + "(" + String.join(",", texts) + ")";
                }
            }
        }

        private String stringLiteral() {
            StringBuilder text = new StringBuilder();
            position++;
            while (position < source.length()) {
                char c = source.charAt(position++);
                if (c == '\'') {
                    if (position < source.length() && source.charAt(position) == '\'') {
                        text.append('\'');
                        position++;
                    } else {
                        return text.toString();
                    }
                } else {
                    text.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string in ARM expression: " + source);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + position + " in ARM expression: "
                        + source);
            }
            position++;
        }

        private char peek() {
            return position < source.length() ? source.charAt(position) : '\0';
        }

        private void skipSpaces() {
            while (position < source.length() && source.charAt(position) == ' ') {
                position++;
            }
        }
    }
}
