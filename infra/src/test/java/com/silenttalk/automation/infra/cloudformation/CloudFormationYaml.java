package com.silenttalk.automation.infra.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML into the JSON form CloudFormation itself sees: each short-form tag
 * ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}) becomes its long form ({@code {"Ref": "x"}},
 * {@code {"Fn::GetAtt": ["a", "b"]}}, ...), so the checks only deal with one shape.
 */
public final class CloudFormationYaml {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Length", "ToJsonString");

    private CloudFormationYaml() {
    }

    public static ObjectNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static ObjectNode parse(String yaml) {
        return read(new StringReader(yaml), "<string>");
    }

    private static ObjectNode read(Reader reader, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(new IntrinsicConstructor(options)).load(reader);
        if (!(loaded instanceof Map)) {
            throw new IllegalArgumentException(source + ": a template must be a YAML mapping");
        }
        return JSON.valueToTree(loaded);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            // "AWSTemplateFormatVersion: 2010-09-09" must stay a string, not become a date.
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            yamlConstructors.put(new Tag("!Ref"), new ShortForm("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new ShortForm("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new ShortForm("Fn::" + function));
            }
        }

        private final class ShortForm extends AbstractConstruct {
            private final String key;

            ShortForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                if (key.equals("Fn::GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    if (dot < 0) {
                        throw new IllegalArgumentException("!GetAtt " + dotted + " needs the form Resource.Attribute");
                    }
                    value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                return Map.of(key, value);
            }
        }
    }
}
