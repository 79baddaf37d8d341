package com.silenttalk.automation.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated damage to a valid fixture, as a broken or hostile sender produces it: cut short, a
 * field gone, a value of another type, a megabyte string, nesting thousands deep, terminal
 * control and bidi characters, content after the document, a key given twice, nothing at all.
 * Each kind is applied at a place the {@link Random} picks, so a seed replays a case exactly.
 */
final class FixtureDamage {
    enum Kind { TRUNCATED, FIELD_DELETED, TYPE_SWAPPED, HUGE_STRING, DEEP_NESTING, CONTROL_CHARACTERS, TRAILING_GARBAGE,
        KEY_REPEATED, TAGGED, EMPTY }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "@@damage@@";
    private static final String[] HOSTILE = {"\u0000", "\u0007", "\u001b[31m", "\u001b]0;pwned\u0007", "\u202E", "\u2066",
            "\u200F", "\u2028", "\r\n", "\u0085", "\uFEFF", "\uD800", "\u009b2J", "\t", "\u007f"};
    private static final String[] UNITS = {"A", "\u00e9", "\u202E", "%s%n", "../", "\uD83D\uDE80", "\\", "\""};
    private static final String[] JSON_TAILS = {"}", "{}", "x", "\u0000", "[]", ",{}", "\n{\"a\": 1}", "]", " null", "\u001b[0m"};
    private static final String[] JSON_EMPTY = {"", " ", "\n", "null", "[]", "\"\"", "0", "{}", "true", "\uFEFF"};
    private static final String[] YAML_TAILS = {"\n---\nstateDir: other\n", "\n...\ngarbage: [", "\n}", "\n- item\n", "\n\u0000"};
    private static final String[] YAML_EMPTY = {"", "---\n", "~\n", "[]\n", "- a\n", "!!binary aGk=\n", "'just text'\n"};
    private static final String[] YAML_VALUES = {"[1, 2]", "{a: 1}", "true", "99999999999999999999", "-1", "null", "''",
            "1.5", "0x10", "2026-01-01", "&a x", "*a"};

    private FixtureDamage() {
    }

    /** {@code kind} done to a JSON fixture. TAGGED, which JSON has no notion of, repeats a key instead. */
    static String json(String fixture, Kind kind, Random random) {
        switch (kind) {
            case TRUNCATED:
                return fixture.substring(0, random.nextInt(Math.max(1, fixture.length())));
            case TRAILING_GARBAGE:
                return fixture + pick(JSON_TAILS, random);
            case EMPTY:
                return pick(JSON_EMPTY, random);
            default:
                break;
        }
        JsonNode root;
        try {
            root = JSON.readTree(fixture);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the fixture must be valid JSON", e);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return pick(JSON_EMPTY, random);
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        String raw = null;
        switch (kind) {
            case FIELD_DELETED -> slot.remove();
            case TYPE_SWAPPED -> slot.set(otherType(slot.get(), random));
            case HUGE_STRING -> slot.set(JsonNodeFactory.instance.textNode(huge(random)));
            case DEEP_NESTING -> {
                raw = nested(random);
                slot.set(JsonNodeFactory.instance.textNode(MARK));
            }
            case CONTROL_CHARACTERS -> {
                if (slot.key != null && random.nextBoolean()) {
                    slot.rename(hostile(slot.key, random));
                } else {
                    slot.set(JsonNodeFactory.instance.textNode(hostile(slot.get().asText(), random)));
                }
            }
            default -> {
                // KEY_REPEATED and TAGGED: the same key twice in one object
                Slot field = slots.stream().filter(s -> s.key != null).skip(random.nextInt((int) slots.stream()
                        .filter(s -> s.key != null).count())).findFirst().orElse(slot);
                if (field.key == null) {
                    return fixture + pick(JSON_TAILS, random);
                }
                raw = quoted(field.key);
                ((ObjectNode) field.parent).set(MARK, field.get().deepCopy());
                String text = write(root);
                return text.replace(quoted(MARK), raw);
            }
        }
        String text = write(root);
        return raw == null ? text : text.replace(quoted(MARK), raw);
    }

    /** {@code kind} done to a YAML fixture, line by line. */
    static String yaml(String fixture, Kind kind, Random random) {
        List<String> lines = new ArrayList<>(fixture.lines().toList());
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.startsWith("#") && l.contains(": ") && !l.endsWith(":")) {
                values.add(i);
            }
        }
        switch (kind) {
            case TRUNCATED:
                return fixture.substring(0, random.nextInt(Math.max(1, fixture.length())));
            case TRAILING_GARBAGE:
                return fixture + pick(YAML_TAILS, random);
            case EMPTY:
                return pick(YAML_EMPTY, random);
            case FIELD_DELETED:
                lines.remove(random.nextInt(lines.size()));
                return String.join("\n", lines) + "\n";
            default:
                break;
        }
        if (values.isEmpty()) {
            return fixture + pick(YAML_TAILS, random);
        }
        int at = values.get(random.nextInt(values.size()));
        String line = lines.get(at);
        int colon = line.indexOf(": ");
        String key = line.substring(0, colon + 2);
        String value = line.substring(colon + 2);
        String damaged = switch (kind) {
            case TYPE_SWAPPED -> key + pick(YAML_VALUES, random);
            case HUGE_STRING -> key + "'" + huge(random).replace("'", "''").replace("\r", "").replace("\n", " ").replace("\u2028", " ")
                    .replace("\u0085", " ") + "'";
            case DEEP_NESTING -> {
                int depth = 900 + random.nextInt(4_100);
                yield key + "[".repeat(depth) + "]".repeat(depth);
            }
            case CONTROL_CHARACTERS -> random.nextBoolean()
                    ? key + "\"" + escapedForYaml(hostile(value, random)) + "\""
                    : key + hostile(value, random);
            case TAGGED -> key + "!" + pick(new String[] {"foo", "include", "env", "!python/object", "<tag:example.com,2026:x>"}, random)
                    + " " + value;
            default -> line; // KEY_REPEATED
        };
        lines.set(at, damaged);
        if (kind == Kind.KEY_REPEATED) {
            lines.add(at + 1, line);
        }
        return String.join("\n", lines) + "\n";
    }

    private static String pick(String[] choices, Random random) {
        return choices[random.nextInt(choices.length)];
    }

    private static String huge(Random random) {
        String unit = pick(UNITS, random);
        int size = 1 << (10 + random.nextInt(11)); // 1 K to 1 M characters
        return unit.repeat(Math.max(1, size / unit.length()));
    }

    private static String nested(Random random) {
        int depth = 900 + random.nextInt(4_100);
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String hostile(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            s.insert(random.nextInt(s.length() + 1), pick(HOSTILE, random));
        }
        return s.toString();
    }

    private static String escapedForYaml(String text) {
        StringBuilder s = new StringBuilder();
        text.chars().forEach(c -> s.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '"' || c == '\\'
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return s.toString();
    }

    private static JsonNode otherType(JsonNode current, Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] candidates = {f.numberNode(7), f.numberNode(-1), f.numberNode(new java.math.BigInteger("99999999999999999999")),
                f.numberNode(1.5e308), f.textNode("text"), f.textNode(""), f.booleanNode(true), f.nullNode(), f.arrayNode(),
                f.objectNode(), f.arrayNode().add(1).add("a"), f.objectNode().put("x", 1)};
        JsonNode chosen;
        do {
            chosen = candidates[random.nextInt(candidates.length)];
        } while (chosen.getNodeType() == current.getNodeType());
        return chosen;
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                slots.add(new Slot(object, name, -1));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** One value inside the tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String key, int index) {
        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (key != null) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void rename(String newKey) {
            JsonNode value = get();
            ((ObjectNode) parent).remove(key);
            ((ObjectNode) parent).set(newKey, value);
        }
    }
}
