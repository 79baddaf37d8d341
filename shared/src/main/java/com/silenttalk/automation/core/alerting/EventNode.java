package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a parsed JSON document as plain Java values ({@code Map}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}, {@code null}) — what every JSON library can
 * produce and what the Lambda runtime hands a {@code Map} handler. This keeps the normalisers in
 * the core without a JSON library: each runner parses bytes its own way and passes the tree in.
 * <p>
 * Every node knows its path, so a missing or mistyped field fails with an
 * {@link InvalidFieldException} naming it ({@code detail.state.value: is missing}).
 */
public final class EventNode {
    private static final DateTimeFormatter CLOUDWATCH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS][.SS][.S]xx");

    /**
     * The path is only needed when something is wrong, so a node keeps its parent and its step
     * (a field name, or an array index when {@code name} is null) and spells the path on demand:
     * reading a valid event builds no path strings.
     */
    private final EventNode parent;
    private final String name;
    private final int index;
    private final Object value;
    private final boolean present;

    private EventNode(EventNode parent, String name, int index, Object value, boolean present) {
        this.parent = parent;
        this.name = name;
        this.index = index;
        this.value = value;
        this.present = present;
    }

    /** The root of a parsed document. */
    public static EventNode root(Object tree) {
        return new EventNode(null, "", -1, tree, true);
    }

    /** The root of a document that was embedded as a string inside another (an SNS message), named by that field. */
    public static EventNode embedded(String path, Object tree) {
        return new EventNode(null, path, -1, tree, true);
    }

    public String path() {
        String raw = rawPath();
        return raw.isEmpty() ? "event" : raw;
    }

    private String rawPath() {
        if (parent == null) {
            return name;
        }
        String above = parent.rawPath();
        if (name == null) {
            return above + "[" + index + "]";
        }
        return above.isEmpty() ? name : above + "." + name;
    }

    /** The child of an object; a missing child (or a child of a non-object) is a node that is not present. */
    public EventNode get(String name) {
        if (value instanceof Map<?, ?> map) {
            Object child = map.get(name);
            if (child != null || map.containsKey(name)) {
                return new EventNode(this, name, -1, child, true);
            }
        }
        return new EventNode(this, name, -1, null, false);
    }

    /** Follows a dotted path of object fields. */
    public EventNode at(String dotted) {
        EventNode node = this;
        for (String part : dotted.split("\\.")) {
            node = node.get(part);
        }
        return node;
    }

    public boolean isPresent() {
        return present && value != null;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    public boolean isText() {
        return value instanceof String;
    }

    /** The text of a required string field. */
    public String text() {
        if (!isPresent()) {
            throw new InvalidFieldException(path(), "is missing");
        }
        if (!(value instanceof String s)) {
            throw new InvalidFieldException(path(), "must be a string, not " + kind());
        }
        if (s.isBlank()) {
            throw new InvalidFieldException(path(), "is empty");
        }
        return s;
    }

    /** The text of an optional string field; numbers and booleans are given as text too. */
    public Optional<String> optionalText() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return Optional.of(scalarText());
        }
        throw new InvalidFieldException(path(), "must be a string, not " + kind());
    }

    /** The node must be an object. */
    public EventNode object() {
        if (!isPresent()) {
            throw new InvalidFieldException(path(), "is missing");
        }
        if (!isObject()) {
            throw new InvalidFieldException(path(), "must be an object, not " + kind());
        }
        return this;
    }

    /** Elements of an array; a missing or null array is empty. */
    public List<EventNode> elements() {
        if (!isPresent()) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidFieldException(path(), "must be an array, not " + kind());
        }
        List<EventNode> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new EventNode(this, null, i, list.get(i), true));
        }
        return out;
    }

    /** Fields of an object with scalar values, as text; a missing or null object is empty. */
    public Map<String, String> scalarFields() {
        if (!isPresent()) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidFieldException(path(), "must be an object, not " + kind());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            EventNode child = get(String.valueOf(e.getKey()));
            if (e.getValue() instanceof String || e.getValue() instanceof Number || e.getValue() instanceof Boolean) {
                out.put(String.valueOf(e.getKey()), child.scalarText());
            }
        }
        return out;
    }

    /**
     * A required timestamp: ISO-8601 ({@code 2019-03-22T13:58:24.3713213Z}) or CloudWatch's
     * form with a numeric offset ({@code 2019-10-02T17:04:40.985+0000}).
     */
    public Instant instant() {
        String text = text();
        // Try first the form the text has, so a valid CloudWatch time costs no thrown exception.
        boolean numericOffset = hasNumericOffset(text);
        try {
            return numericOffset ? OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException first) {
            try {
                return numericOffset ? Instant.parse(text) : OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
            } catch (DateTimeParseException other) {
                throw new InvalidFieldException(path(), "is not a timestamp: " + UntrustedText.quoted(abbreviate(text)));
            }
        }
    }

    /** Ends in {@code +hhmm} or {@code -hhmm}, CloudWatch's offset form. */
    private static boolean hasNumericOffset(String text) {
        int n = text.length();
        if (n < 5) {
            return false;
        }
        char sign = text.charAt(n - 5);
        if (sign != '+' && sign != '-') {
            return false;
        }
        for (int i = n - 4; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public Optional<Instant> optionalInstant() {
        return isPresent() ? Optional.of(instant()) : Optional.empty();
    }

    private String scalarText() {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private String kind() {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    /** The text cut to a length fit to quote in an error line. */
    public static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
