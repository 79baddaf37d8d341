package com.silenttalk.automation.infra.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The infra/aws templates, parsed and editable in memory (tests mutate copies to prove checks fail). */
final class AwsTemplates {

    record Resource(String file, String logicalId, ObjectNode node) {
        JsonNode properties() {
            return node.path("Properties");
        }

        String where() {
            return file + " " + logicalId;
        }
    }

    private final Map<String, ObjectNode> files;

    private AwsTemplates(Map<String, ObjectNode> files) {
        this.files = files;
    }

    static AwsTemplates load() {
        Path dir = RepositoryLayout.infraDir().resolve("aws");
        Map<String, ObjectNode> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            paths.filter(p -> p.toString().endsWith(".yaml"))
                    .forEach(p -> files.put(p.getFileName().toString(), CloudFormationYaml.read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AwsTemplates(files);
    }

    AwsTemplates copy() {
        Map<String, ObjectNode> copies = new TreeMap<>();
        files.forEach((name, tree) -> copies.put(name, tree.deepCopy()));
        return new AwsTemplates(copies);
    }

    Map<String, ObjectNode> files() {
        return files;
    }

    ObjectNode template(String file) {
        ObjectNode template = files.get(file);
        if (template == null) {
            throw new IllegalArgumentException("no template " + file + " in infra/aws");
        }
        return template;
    }

    ObjectNode resource(String file, String logicalId) {
        JsonNode node = template(file).path("Resources").path(logicalId);
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + " has no resource " + logicalId);
        }
        return (ObjectNode) node;
    }

    ObjectNode properties(String file, String logicalId) {
        return (ObjectNode) resource(file, logicalId).path("Properties");
    }

    List<Resource> resources(String type) {
        List<Resource> found = new ArrayList<>();
        files.forEach((file, template) -> template.path("Resources").fields().forEachRemaining(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.add(new Resource(file, entry.getKey(), (ObjectNode) entry.getValue()));
            }
        }));
        return found;
    }

    /** A literal value, or the Default of the parameter it Refs (what a deploy without overrides gets). */
    JsonNode resolve(String file, JsonNode value) {
        if (value.isObject() && value.size() == 1 && value.has("Ref")) {
            JsonNode parameter = template(file).path("Parameters").path(value.path("Ref").asText());
            if (parameter.has("Default")) {
                return parameter.path("Default");
            }
        }
        return value;
    }

    /** The checker's view: nested TemplateURLs resolve to these in-memory templates. */
    List<String> checkAgainstSpecification(CloudFormationSpecChecker checker, String root) {
        return checker.check(template(root), root, files::get);
    }
}
