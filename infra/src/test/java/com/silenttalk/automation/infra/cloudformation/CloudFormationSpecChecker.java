package com.silenttalk.automation.infra.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a CloudFormation (or SAM) template against the CloudFormation resource specification
 * (npm {@code @aws-cdk/cfnspec}): resource types, property names, required properties and value
 * shapes; {@code Ref}/{@code Fn::GetAtt}/{@code Fn::Sub}/{@code DependsOn}/condition targets; and
 * for nested stacks with a local {@code TemplateURL}, the parameters passed against the child's
 * declared parameters and {@code Outputs.X} attributes against the child's outputs.
 *
 * <p>Reusable: {@code template.yaml} is checked with the same class. Returns problems as
 * human-readable lines ({@code file: Resources.X.Properties.Y: ...}); an empty list means clean.
 */
public final class CloudFormationSpecChecker {

    /** Properties SAM accepts that this specification version does not list (documented gaps). */
    public static final Map<String, Set<String>> SPEC_GAPS = Map.of("AWS::Serverless::Function", Set.of("SnapStart"));

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
            "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "UpdatePolicy", "CreationPolicy");
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Globals");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonNode cachedSpecification;

    private final JsonNode resourceTypes;
    private final JsonNode propertyTypes;

    public CloudFormationSpecChecker(JsonNode specification) {
        this.resourceTypes = specification.path("ResourceTypes");
        this.propertyTypes = specification.path("PropertyTypes");
        if (!resourceTypes.isObject() || resourceTypes.size() == 0) {
            throw new IllegalArgumentException("not a CloudFormation resource specification (no ResourceTypes)");
        }
    }

    /** The checker over {@code test-servers/node_modules/@aws-cdk/cfnspec/spec/specification.json}. */
    public static CloudFormationSpecChecker fromInstalledSpecification() {
        JsonNode spec = cachedSpecification;
        if (spec == null) {
            Path file = RepositoryLayout.cloudFormationSpecification();
            try {
                spec = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            cachedSpecification = spec;
        }
        return new CloudFormationSpecChecker(spec);
    }

    /** Checks a template file and, recursively, the nested stacks it references by relative path. */
    public List<String> check(Path templateFile) {
        Path dir = templateFile.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        checkTree(CloudFormationYaml.read(templateFile), templateFile.getFileName().toString(),
                url -> CloudFormationYaml.read(dir.resolve(url)), new HashSet<>(), problems);
        return problems;
    }

    /**
     * Checks an in-memory template. {@code children} maps a nested stack's {@code TemplateURL} to its
     * template (or returns null when it cannot be resolved).
     */
    public List<String> check(JsonNode template, String name, Function<String, JsonNode> children) {
        List<String> problems = new ArrayList<>();
        checkTree(template, name, children, new HashSet<>(), problems);
        return problems;
    }

    private void checkTree(JsonNode template, String name, Function<String, JsonNode> children, Set<String> seen,
            List<String> problems) {
        if (!seen.add(name)) {
            return;
        }
        new TemplateCheck(template, name, children, problems).run();
        for (Map.Entry<String, JsonNode> resource : fields(template.path("Resources"))) {
            String url = localTemplateUrl(resource.getValue());
            if (url != null) {
                JsonNode child = resolveChild(children, url);
                if (child != null) {
                    checkTree(child, url, children, seen, problems);
                }
            }
        }
    }

    /** A nested stack's TemplateURL when it is a local path (as `aws cloudformation package` expects). */
    static String localTemplateUrl(JsonNode resource) {
        if (!"AWS::CloudFormation::Stack".equals(resource.path("Type").asText())) {
            return null;
        }
        JsonNode url = resource.path("Properties").path("TemplateURL");
        if (!url.isTextual() || url.asText().contains("://")) {
            return null;
        }
        return url.asText();
    }

    private static JsonNode resolveChild(Function<String, JsonNode> children, String url) {
        try {
            return children.apply(url);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private final class TemplateCheck {
        private final JsonNode template;
        private final String name;
        private final Function<String, JsonNode> children;
        private final List<String> problems;
        private final Set<String> parameters = new HashSet<>();
        private final Set<String> conditions = new HashSet<>();
        private final Set<String> mappings = new HashSet<>();
        private final boolean serverless;

        TemplateCheck(JsonNode template, String name, Function<String, JsonNode> children, List<String> problems) {
            this.template = template;
            this.name = name;
            this.children = children;
            this.problems = problems;
            template.path("Parameters").fieldNames().forEachRemaining(parameters::add);
            template.path("Conditions").fieldNames().forEachRemaining(conditions::add);
            template.path("Mappings").fieldNames().forEachRemaining(mappings::add);
            JsonNode transform = template.path("Transform");
            this.serverless = transform.toString().contains("AWS::Serverless");
        }

        void run() {
            template.fieldNames().forEachRemaining(key -> {
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    problem(key, "unknown top-level section");
                }
            });
            for (Map.Entry<String, JsonNode> parameter : fields(template.path("Parameters"))) {
                if (!parameter.getValue().path("Type").isTextual()) {
                    problem("Parameters." + parameter.getKey(), "a parameter needs a Type");
                }
            }
            JsonNode resources = template.path("Resources");
            if (!resources.isObject() || resources.size() == 0) {
                problem("Resources", "a template needs at least one resource");
            }
            for (Map.Entry<String, JsonNode> resource : fields(resources)) {
                checkResource(resource.getKey(), resource.getValue());
            }
            for (Map.Entry<String, JsonNode> condition : fields(template.path("Conditions"))) {
                checkReferences("Conditions." + condition.getKey(), condition.getValue());
            }
            for (Map.Entry<String, JsonNode> section : fields(template)) {
                checkVariablesOutsideSub(section.getKey(), section.getValue());
            }
            for (Map.Entry<String, JsonNode> output : fields(template.path("Outputs"))) {
                String path = "Outputs." + output.getKey();
                if (output.getValue().path("Value").isMissingNode()) {
                    problem(path, "an output needs a Value");
                }
                checkConditionName(path + ".Condition", output.getValue().path("Condition"));
                checkReferences(path, output.getValue());
            }
        }

        private void checkResource(String logicalId, JsonNode resource) {
            String path = "Resources." + logicalId;
            resource.fieldNames().forEachRemaining(key -> {
                if (!RESOURCE_KEYS.contains(key)) {
                    problem(path + "." + key, "unknown resource attribute");
                }
            });
            String type = resource.path("Type").asText("");
            checkConditionName(path + ".Condition", resource.path("Condition"));
            for (JsonNode dependency : asList(resource.path("DependsOn"))) {
                if (!template.path("Resources").has(dependency.asText())) {
                    problem(path + ".DependsOn", "no resource named " + dependency.asText());
                }
            }
            checkReferences(path + ".Properties", resource.path("Properties"));
            if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
                return;
            }
            JsonNode spec = resourceTypes.path(type);
            if (spec.isMissingNode()) {
                problem(path + ".Type", "unknown resource type " + type);
                return;
            }
            JsonNode properties = resource.path("Properties");
            if (properties.isMissingNode()) {
                properties = JSON.createObjectNode();
            }
            if (isIntrinsic(properties)) {
                return;
            }
            checkObjectAgainst(path + ".Properties", properties, spec, type, SPEC_GAPS.getOrDefault(type, Set.of()));
            if (type.equals("AWS::CloudFormation::Stack")) {
                checkNestedStack(path, properties);
            }
        }

        private void checkNestedStack(String path, JsonNode properties) {
            String url = properties.path("TemplateURL").isTextual() ? properties.path("TemplateURL").asText() : null;
            if (url == null || url.contains("://")) {
                return;
            }
            JsonNode child = resolveChild(children, url);
            if (child == null) {
                problem(path + ".Properties.TemplateURL", "cannot read nested template " + url);
                return;
            }
            JsonNode declared = child.path("Parameters");
            JsonNode passed = properties.path("Parameters");
            for (String key : names(passed)) {
                if (!declared.has(key)) {
                    problem(path + ".Properties.Parameters." + key, url + " declares no parameter " + key);
                }
            }
            for (Map.Entry<String, JsonNode> parameter : fields(declared)) {
                if (!parameter.getValue().has("Default") && !passed.has(parameter.getKey())) {
                    problem(path + ".Properties.Parameters", url + " requires parameter " + parameter.getKey());
                }
            }
        }

        // ---- value shapes --------------------------------------------------------------------------

        private void checkObjectAgainst(String path, JsonNode value, JsonNode spec, String resourceType,
                Set<String> extra) {
            if (!value.isObject()) {
                problem(path, "expected an object, got " + describe(value));
                return;
            }
            JsonNode properties = spec.path("Properties");
            for (Map.Entry<String, JsonNode> field : fields(value)) {
                JsonNode propertySpec = properties.path(field.getKey());
                if (propertySpec.isMissingNode()) {
                    if (!extra.contains(field.getKey())) {
                        problem(path + "." + field.getKey(), "unknown property for " + specName(resourceType, spec));
                    }
                    continue;
                }
                checkValue(path + "." + field.getKey(), field.getValue(), propertySpec, resourceType);
            }
            for (Map.Entry<String, JsonNode> property : fields(properties)) {
                if (property.getValue().path("Required").asBoolean(false) && !value.has(property.getKey())) {
                    problem(path, "missing required property " + property.getKey());
                }
            }
        }

        private void checkValue(String path, JsonNode value, JsonNode spec, String resourceType) {
            if (isIntrinsic(value)) {
                return;
            }
            if (spec.has("PrimitiveType")) {
                checkPrimitive(path, value, spec.path("PrimitiveType").asText());
                return;
            }
            String type = spec.path("Type").asText("");
            if (type.isEmpty()) {
                return; // polymorphic (PrimitiveTypes/Types): accepted as is
            }
            if (type.equals("List") || type.equals("Map")) {
                boolean list = type.equals("List");
                if (list ? !value.isArray() : !value.isObject()) {
                    problem(path, "expected a " + type + ", got " + describe(value));
                    return;
                }
                Iterator<Map.Entry<String, JsonNode>> items = list ? indexed(value) : value.fields();
                while (items.hasNext()) {
                    Map.Entry<String, JsonNode> item = items.next();
                    String itemPath = list ? path + "[" + item.getKey() + "]" : path + "." + item.getKey();
                    if (isIntrinsic(item.getValue())) {
                        continue;
                    }
                    if (spec.has("PrimitiveItemType")) {
                        checkPrimitive(itemPath, item.getValue(), spec.path("PrimitiveItemType").asText());
                    } else if (spec.has("ItemType")) {
                        checkPropertyType(itemPath, item.getValue(), spec.path("ItemType").asText(), resourceType);
                    }
                }
                return;
            }
            checkPropertyType(path, value, type, resourceType);
        }

        private void checkPropertyType(String path, JsonNode value, String typeName, String resourceType) {
            JsonNode spec = propertyTypes.path(resourceType + "." + typeName);
            if (spec.isMissingNode()) {
                spec = propertyTypes.path(typeName);
            }
            if (spec.isMissingNode()) {
                return;
            }
            if (!spec.has("Properties") && (spec.has("Type") || spec.has("PrimitiveType"))) {
                checkValue(path, value, spec, resourceType);
                return;
            }
            checkObjectAgainst(path, value, spec, resourceType, Set.of());
        }

        private void checkPrimitive(String path, JsonNode value, String primitive) {
            boolean ok = switch (primitive) {
                case "String", "Timestamp" -> value.isValueNode() && !value.isNull();
                case "Integer", "Long" -> value.isIntegralNumber()
                        || value.isTextual() && INTEGER.matcher(value.asText()).matches();
                case "Double" -> value.isNumber() || value.isTextual() && NUMBER.matcher(value.asText()).matches();
                case "Boolean" -> value.isBoolean()
                        || value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"));
                case "Json" -> value.isObject() || value.isTextual();
                default -> true;
            };
            if (!ok) {
                problem(path, "expected " + primitive + ", got " + describe(value));
            }
        }

        // ---- references ----------------------------------------------------------------------------

        private void checkReferences(String path, JsonNode node) {
            if (node.isArray()) {
                Iterator<Map.Entry<String, JsonNode>> items = indexed(node);
                while (items.hasNext()) {
                    Map.Entry<String, JsonNode> item = items.next();
                    checkReferences(path + "[" + item.getKey() + "]", item.getValue());
                }
                return;
            }
            if (!node.isObject()) {
                return;
            }
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                JsonNode argument = node.path(key);
                switch (key) {
                    case "Ref" -> checkRef(path, argument.asText());
                    case "Fn::GetAtt" -> checkGetAtt(path, argument);
                    case "Fn::Sub" -> checkSub(path, argument);
                    case "Fn::If" -> checkConditionName(path + ".Fn::If", argument.path(0));
                    case "Condition" -> {
                        if (argument.isTextual()) {
                            checkConditionName(path + ".Condition", argument);
                        }
                    }
                    case "Fn::FindInMap" -> {
                        JsonNode map = argument.path(0);
                        if (map.isTextual() && !mappings.contains(map.asText())) {
                            problem(path, "Fn::FindInMap: no mapping named " + map.asText());
                        }
                    }
                    default -> {
                    }
                }
            }
            for (Map.Entry<String, JsonNode> field : fields(node)) {
                if (field.getKey().equals("Fn::Sub") && field.getValue().isArray()) {
                    checkReferences(path + ".Fn::Sub", field.getValue().path(1));
                } else if (!field.getKey().equals("Fn::Sub")) {
                    checkReferences(path + "." + field.getKey(), field.getValue());
                }
            }
        }

        /**
         * cfn-lint E1029: {@code ${Name}} naming a parameter, resource or pseudo parameter in a string that no
         * Fn::Sub evaluates is deployed literally. Other {@code ${...}} (IAM policy variables, state machine
         * DefinitionSubstitutions) are left alone.
         */
        private void checkVariablesOutsideSub(String path, JsonNode node) {
            if (node.isTextual()) {
                Matcher matcher = SUB_VARIABLE.matcher(node.asText());
                while (matcher.find()) {
                    String variable = matcher.group(1).trim();
                    String target = variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable;
                    if (parameters.contains(target) || template.path("Resources").has(target)
                            || PSEUDO_PARAMETERS.contains(variable)) {
                        problem(path, "${" + variable + "} outside Fn::Sub is not substituted (cfn-lint E1029)");
                    }
                }
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> children = node.isArray() ? indexed(node) : node.fields();
            while (children.hasNext()) {
                Map.Entry<String, JsonNode> child = children.next();
                String childPath = node.isArray() ? path + "[" + child.getKey() + "]" : path + "." + child.getKey();
                if (child.getKey().equals("Fn::Sub") && node.isObject()) {
                    if (child.getValue().isArray()) {
                        checkVariablesOutsideSub(childPath, child.getValue().path(1)); // the locals map, not the text
                    }
                    continue;
                }
                checkVariablesOutsideSub(childPath, child.getValue());
            }
        }

        private void checkRef(String path, String target) {
            if (!parameters.contains(target) && !template.path("Resources").has(target)
                    && !PSEUDO_PARAMETERS.contains(target) && !isSamGenerated(target)) {
                problem(path, "Ref to undefined " + target);
            }
        }

        private void checkGetAtt(String path, JsonNode argument) {
            JsonNode logicalId = argument.path(0);
            JsonNode attribute = argument.path(1);
            if (!logicalId.isTextual()) {
                problem(path, "Fn::GetAtt needs [LogicalId, Attribute]");
                return;
            }
            if (attribute.isTextual()) {
                checkAttribute(path, logicalId.asText(), attribute.asText());
            } else if (!template.path("Resources").has(logicalId.asText()) && !isSamGenerated(logicalId.asText())) {
                problem(path, "Fn::GetAtt on undefined resource " + logicalId.asText());
            }
        }

        private void checkAttribute(String path, String logicalId, String attribute) {
            JsonNode resource = template.path("Resources").path(logicalId);
            if (resource.isMissingNode()) {
                if (!isSamGenerated(logicalId)) {
                    problem(path, "Fn::GetAtt on undefined resource " + logicalId);
                }
                return;
            }
            String type = resource.path("Type").asText();
            if (type.startsWith("Custom::") || type.startsWith("AWS::Serverless::")
                    || type.equals("AWS::CloudFormation::CustomResource")) {
                return;
            }
            if (type.equals("AWS::CloudFormation::Stack") && attribute.startsWith("Outputs.")) {
                String url = localTemplateUrl(resource);
                JsonNode child = url == null ? null : resolveChild(children, url);
                String output = attribute.substring("Outputs.".length());
                if (child != null && !child.path("Outputs").has(output)) {
                    problem(path, url + " has no output " + output);
                }
                return;
            }
            JsonNode attributes = resourceTypes.path(type).path("Attributes");
            if (resourceTypes.has(type) && !attributes.has(attribute)) {
                problem(path, type + " has no attribute " + attribute);
            }
        }

        private void checkSub(String path, JsonNode argument) {
            JsonNode text = argument.isArray() ? argument.path(0) : argument;
            JsonNode locals = argument.isArray() ? argument.path(1) : JSON.createObjectNode();
            if (!text.isTextual()) {
                problem(path, "Fn::Sub needs a string");
                return;
            }
            Matcher matcher = SUB_VARIABLE.matcher(text.asText());
            while (matcher.find()) {
                String variable = matcher.group(1).trim();
                if (locals.has(variable)) {
                    continue;
                }
                if (variable.startsWith("AWS::")) {
                    if (!PSEUDO_PARAMETERS.contains(variable)) {
                        problem(path, "Fn::Sub: unknown pseudo parameter " + variable);
                    }
                    continue;
                }
                int dot = variable.indexOf('.');
                if (dot > 0) {
                    checkAttribute(path, variable.substring(0, dot), variable.substring(dot + 1));
                } else {
                    checkRef(path, variable);
                }
            }
        }

        private void checkConditionName(String path, JsonNode condition) {
            if (condition.isTextual() && !conditions.contains(condition.asText())) {
                problem(path, "no condition named " + condition.asText());
            }
        }

        /** SAM creates resources (roles, aliases, the implicit API) that a template may refer to. */
        private boolean isSamGenerated(String logicalId) {
            if (!serverless) {
                return false;
            }
            if (logicalId.startsWith("ServerlessRestApi") || logicalId.startsWith("ServerlessHttpApi")) {
                return true;
            }
            for (Map.Entry<String, JsonNode> resource : fields(template.path("Resources"))) {
                if (logicalId.startsWith(resource.getKey())
                        && resource.getValue().path("Type").asText().startsWith("AWS::Serverless::")) {
                    return true;
                }
            }
            return false;
        }

        private void problem(String path, String message) {
            problems.add(name + ": " + path + ": " + message);
        }
    }

    // ---- small JSON helpers ------------------------------------------------------------------------

    static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
    }

    private static String specName(String resourceType, JsonNode spec) {
        String doc = spec.path("Documentation").asText("");
        return doc.isEmpty() ? resourceType : resourceType + " (" + doc.substring(doc.lastIndexOf('/') + 1) + ")";
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node::fields;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else if (!node.isMissingNode()) {
            list.add(node);
        }
        return list;
    }

    private static Iterator<Map.Entry<String, JsonNode>> indexed(JsonNode array) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.add(Map.entry(Integer.toString(i), array.get(i)));
        }
        return entries.iterator();
    }

    /** Convenience for tests that mutate a template: a deep copy to edit. */
    public static ObjectNode copyOf(JsonNode template) {
        return (ObjectNode) template.deepCopy();
    }
}
