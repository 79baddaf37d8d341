package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.silenttalk.automation.core.InvalidFieldException;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An operator's YAML file (opsctl.yaml, the alert routing rules) read so that it means one thing:
 * one document, a mapping at the top, every key once, only YAML's own tags. Anything else would be
 * read silently otherwise (a repeated stateDir moved the state; a second document was ignored), so
 * it is one {@link InvalidFieldException} naming the key, or the file and the line.
 */
public final class StrictYaml {
    /** Far above any real configuration; a bigger file is a mistake, not a setting. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq").stream()
            .map(t -> "tag:yaml.org,2002:" + t).collect(Collectors.toUnmodifiableSet());

    private StrictYaml() {
    }

    /**
     * @param yaml   the file's bytes
     * @param where  the file, as messages name it
     * @param field  the field a problem of the file as a whole is reported under ("config", "rules")
     * @return the top-level mapping; empty for an empty file
     */
    public static ObjectNode read(byte[] yaml, String where, String field) {
        if (yaml.length > MAX_BYTES) {
            throw new InvalidFieldException(field, where + " is " + yaml.length + " bytes; a configuration file is at most "
                    + MAX_BYTES + " bytes");
        }
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            JsonNode parsed = MAPPER.readTree(parser);
            checkTags(FACTORY.createParser(yaml), where, field);
            if (parser.nextToken() != null) {
                throw new InvalidFieldException(field, where + " has a second YAML document" + at(parser.currentLocation())
                        + "; keep one document per file");
            }
            if (parsed == null || parsed.isNull() || parsed.isMissingNode()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!parsed.isObject()) {
                throw new InvalidFieldException(field, where + " must be a YAML mapping at the top level");
            }
            return (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            if (e.getProcessor() instanceof JsonParser p && e.getOriginalMessage().startsWith("Duplicate")) {
                throw new InvalidFieldException(keyPath(p.getParsingContext()), "appears twice in " + where + at(e.getLocation())
                        + "; only one can hold, so keep one");
            }
            throw new InvalidFieldException(field, where + " is not valid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidFieldException(field, "cannot read " + where + ": " + e.getClass().getSimpleName());
        } catch (IndexOutOfBoundsException e) {
            // SnakeYAML's reader has failed this way on odd input (a supplementary character across its buffer edge):
            // still a file it cannot read, so the operator's problem to fix, not a crash
            throw new InvalidFieldException(field, where + " is not YAML this reader can parse (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Tags other than YAML's core ones (!!str, !!int, ...) would be dropped without a word. */
    private static void checkTags(YAMLParser parser, String where, String field) throws IOException {
        try (parser) {
            while (parser.nextToken() != null) {
                String tag = parser.getTypeId();
                if (tag != null && !CORE_TAGS.contains(tag)) {
                    String key = keyPath(parser.getParsingContext());
                    throw new InvalidFieldException(key.isEmpty() ? field : key, "has the tag !" + tag + " in " + where
                            + at(parser.currentTokenLocation())
                            + "; only plain values are read (YAML's own !!str, !!int, !!bool, !!float, !!null, !!map, !!seq)");
                }
            }
        }
    }

    /** "backup.retention", "drill.probes[0].sql": where the parser is, as error messages name keys. */
    private static String keyPath(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inObject() && c.getCurrentName() != null ? c.getCurrentName()
                    : c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]" : null;
            if (part != null) {
                path.insert(0, path.length() == 0 || path.charAt(0) == '[' ? "" : ".").insert(0, part);
            }
        }
        return path.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr();
    }
}
