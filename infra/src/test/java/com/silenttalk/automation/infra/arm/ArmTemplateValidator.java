package com.silenttalk.automation.infra.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates ARM templates against the official template schemas in {@code ../shared/arm-schemas},
 * loaded strictly (every provider object definition that lists {@code properties} gets
 * {@code additionalProperties: false}, so a misspelled property is an error), plus the checks the
 * schemas cannot make: known type/apiVersion pairs, {@code dependsOn} targets and
 * {@code parameters('x')}/{@code variables('x')} references.
 */
public final class ArmTemplateValidator {

    public static final String SCHEMA_PREFIX = "https://schema.management.azure.com/schemas/";
    private static final String DEPLOYMENT_TEMPLATE = SCHEMA_PREFIX + "2019-04-01/deploymentTemplate.json";
    /** Template-level keys of a resource, validated against the template schema, not the provider's. */
    private static final Set<String> TEMPLATE_RESOURCE_KEYS = Set.of("dependsOn", "condition", "copy", "comments",
            "scope");
    private static final Pattern PARAMETER_REF = Pattern.compile("\\bparameters\\(\\s*'([^']*)'\\s*\\)");
    private static final Pattern VARIABLE_REF = Pattern.compile("\\bvariables\\(\\s*'([^']*)'\\s*\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path schemaDir;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, String> definitionByTypeAndVersion;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    public ArmTemplateValidator(Path schemaDir) {
        this.schemaDir = schemaDir;
        Map<String, String> sources = new ConcurrentHashMap<>();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .schemaLoaders(loaders -> loaders.schemas(iri -> sources.computeIfAbsent(iri, this::loadSchema))));
        this.config = SchemaValidatorsConfig.builder().preloadJsonSchema(false).locale(Locale.ROOT).build();
        this.definitionByTypeAndVersion = indexResourceDefinitions();
    }

    public static ArmTemplateValidator fromSharedSchemas() {
        return new ArmTemplateValidator(RepositoryLayout.armSchemas());
    }

    public List<String> validate(Path templateFile) {
        try {
            return validate(JSON.readTree(templateFile.toFile()), templateFile.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + templateFile, e);
        }
    }

    public List<String> validate(JsonNode template, String name) {
        List<String> problems = new ArrayList<>();
        ObjectNode topLevel = template.deepCopy();
        topLevel.putArray("resources");
        report(problems, name, "", schema(DEPLOYMENT_TEMPLATE).validate(topLevel));

        JsonNode resources = template.path("resources");
        if (!resources.isArray()) {
            problems.add(name + ": resources must be an array (symbolic-name resources are not used here)");
            return problems;
        }
        for (int i = 0; i < resources.size(); i++) {
            validateResource(problems, name, i, resources.get(i));
        }
        checkDependsOn(problems, name, template);
        checkReferences(problems, name, template, "parameters", PARAMETER_REF);
        checkReferences(problems, name, template, "variables", VARIABLE_REF);
        return problems;
    }

    private void validateResource(List<String> problems, String name, int index, JsonNode resource) {
        String type = resource.path("type").asText();
        String apiVersion = resource.path("apiVersion").asText();
        String where = "resources[" + index + "] " + type;
        if (resource.has("resources")) {
            problems.add(name + ": " + where + ": declare child resources at the top level, not nested");
        }
        String definition = definitionByTypeAndVersion.get(key(type, apiVersion));
        if (definition == null) {
            problems.add(name + ": " + where + ": no schema for apiVersion " + apiVersion
                    + " in the arm-schemas snapshot (use a listed version)");
            return;
        }
        ObjectNode base = JSON.createObjectNode();
        ObjectNode body = ((ObjectNode) resource).deepCopy();
        for (String key : List.of("name", "type", "apiVersion")) {
            if (resource.has(key)) {
                base.set(key, resource.get(key));
            }
        }
        for (String key : TEMPLATE_RESOURCE_KEYS) {
            if (resource.has(key)) {
                base.set(key, resource.get(key));
                body.remove(key);
            }
        }
        report(problems, name, where, schema(DEPLOYMENT_TEMPLATE + "#/definitions/resourceBase").validate(base));
        report(problems, name, where, schema(definition).validate(body));
    }

    private void checkDependsOn(List<String> problems, String name, JsonNode template) {
        ArmNames names = new ArmNames(template);
        Set<String> declared = new HashSet<>();
        for (JsonNode resource : template.path("resources")) {
            declared.add(key(resource.path("type").asText(), names.evaluate(resource.path("name").asText())));
        }
        for (JsonNode resource : template.path("resources")) {
            for (JsonNode dependency : resource.path("dependsOn")) {
                ArmNames.ResourceRef target = names.resourceIdTarget(dependency.asText());
                if (target == null) {
                    problems.add(name + ": " + resource.path("type").asText() + " dependsOn " + dependency.asText()
                            + ": use [resourceId('<type>', <name segments>)]");
                } else if (!declared.contains(key(target.type(), target.name()))) {
                    problems.add(name + ": " + resource.path("type").asText() + " dependsOn " + dependency.asText()
                            + ": no resource of type " + target.type() + " named " + target.name()
                            + " in this template");
                }
            }
        }
    }

    private static void checkReferences(List<String> problems, String name, JsonNode template, String section,
            Pattern pattern) {
        Set<String> missing = new TreeSet<>();
        collectStrings(template, text -> {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                if (!template.path(section).has(matcher.group(1))) {
                    missing.add(matcher.group(1));
                }
            }
        });
        for (String reference : missing) {
            problems.add(name + ": " + section + "('" + reference + "') is not declared in " + section);
        }
    }

    private static void collectStrings(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.asText());
        }
        for (JsonNode child : node) {
            collectStrings(child, sink);
        }
    }

    private static void report(List<String> problems, String name, String where, Set<ValidationMessage> messages) {
        for (ValidationMessage message : messages) {
            problems.add(name + ": " + (where.isEmpty() ? "" : where + ": ") + message.getMessage());
        }
    }

    private JsonSchema schema(String iri) {
        return compiled.computeIfAbsent(iri, location -> factory.getSchema(SchemaLocation.of(location), config));
    }

    // ---- schema loading -----------------------------------------------------------------------------

    /** Serves schema IRIs from the snapshot; anything else is refused so validation never goes online. */
    private String loadSchema(String iri) {
        if (!iri.startsWith(SCHEMA_PREFIX)) {
            throw new IllegalStateException("schema " + iri + " is outside the offline snapshot");
        }
        String relative = iri.substring(SCHEMA_PREFIX.length());
        int hash = relative.indexOf('#');
        if (hash >= 0) {
            relative = relative.substring(0, hash);
        }
        Path file = schemaDir.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("schema " + iri + " is not in the snapshot at " + schemaDir);
        }
        try {
            JsonNode schema = JSON.readTree(file.toFile());
            if (!relative.startsWith("common/") && !relative.startsWith("2019-04-01/")) {
                harden(schema);
            }
            return JSON.writeValueAsString(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Adds {@code additionalProperties: false} to provider object definitions that list
     * {@code properties}, except definitions that compose (allOf/anyOf/oneOf) or are used as an
     * allOf base: there the extra properties legitimately come from the other part.
     */
    static void harden(JsonNode schema) {
        Set<String> bases = new HashSet<>();
        collectAllOfBases(schema, bases);
        for (String section : List.of("definitions", "resourceDefinitions", "extension_resourceDefinitions",
                "unknown_resourceDefinitions", "tenant_resourceDefinitions", "subscription_resourceDefinitions",
                "managementGroup_resourceDefinitions")) {
            Iterator<Map.Entry<String, JsonNode>> entries = schema.path(section).fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                boolean base = bases.contains("#/" + section + "/" + entry.getKey());
                hardenSchema(entry.getValue(), !base);
            }
        }
    }

    private static void hardenSchema(JsonNode node, boolean closeThis) {
        if (!node.isObject()) {
            return;
        }
        ObjectNode schema = (ObjectNode) node;
        boolean composes = schema.has("allOf") || schema.has("anyOf") || schema.has("oneOf");
        // Upstream quirks of discriminated unions, which reject every valid subtype under draft-04:
        // a closed base inside allOf, and an additionalProperties schema beside oneOf with no properties.
        for (JsonNode part : schema.path("allOf")) {
            if (part.isObject() && part.path("additionalProperties").isBoolean()) {
                ((ObjectNode) part).remove("additionalProperties");
            }
        }
        if (composes && schema.path("properties").size() == 0 && schema.path("additionalProperties").isObject()) {
            schema.remove("additionalProperties");
        }
        // A union whose base lists properties beside oneOf (Event Grid's AdvancedFilter: key, then one subtype per
        // operatorType): each subtype is closed below, so it must also admit the base's properties.
        if (schema.path("oneOf").isArray() && schema.path("properties").size() > 0) {
            for (JsonNode subtype : schema.path("oneOf")) {
                if (subtype.path("properties").isObject()) {
                    schema.path("properties").fieldNames().forEachRemaining(base -> {
                        if (!subtype.path("properties").has(base)) {
                            ((ObjectNode) subtype.path("properties")).putObject(base);
                        }
                    });
                }
            }
        }
        if (closeThis && schema.path("properties").isObject() && !schema.has("additionalProperties") && !composes
                && !schema.has("patternProperties")) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(child -> hardenSchema(child, true));
        for (String key : List.of("items", "additionalProperties", "not")) {
            if (schema.path(key).isObject()) {
                hardenSchema(schema.get(key), true);
            }
        }
        for (String key : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(key).forEach(child -> hardenSchema(child, !key.equals("allOf")));
        }
    }

    private static void collectAllOfBases(JsonNode node, Set<String> bases) {
        if (node.isObject() && node.path("allOf").isArray()) {
            for (JsonNode part : node.path("allOf")) {
                if (part.path("$ref").isTextual() && part.path("$ref").asText().startsWith("#/")) {
                    bases.add(part.path("$ref").asText());
                }
            }
        }
        for (JsonNode child : node) {
            collectAllOfBases(child, bases);
        }
    }

    private Map<String, String> indexResourceDefinitions() {
        Map<String, String> index = new HashMap<>();
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(schemaDir)) {
            for (Path version : versions) {
                if (!Files.isDirectory(version) || version.getFileName().toString().equals("common")) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(version, "Microsoft.*.json")) {
                    for (Path file : files) {
                        indexFile(index, version.getFileName().toString(), file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + schemaDir, e);
        }
        return index;
    }

    private static void indexFile(Map<String, String> index, String version, Path file) throws IOException {
        JsonNode schema = JSON.readTree(file.toFile());
        for (String section : List.of("resourceDefinitions", "extension_resourceDefinitions")) {
            Iterator<Map.Entry<String, JsonNode>> definitions = schema.path(section).fields();
            while (definitions.hasNext()) {
                Map.Entry<String, JsonNode> definition = definitions.next();
                for (JsonNode type : definition.getValue().path("properties").path("type").path("enum")) {
                    index.putIfAbsent(key(type.asText(), version), SCHEMA_PREFIX + version + "/"
                            + file.getFileName() + "#/" + section + "/" + definition.getKey());
                }
            }
        }
    }

    private static String key(String type, String qualifier) {
        return type.toLowerCase(Locale.ROOT) + "@" + qualifier;
    }
}
