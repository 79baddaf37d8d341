package com.silenttalk.automation.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment template.yaml gives a function (the Globals variables, then the function's own), with its
 * intrinsic functions resolved as CloudFormation would for one stack: parameters from the given values or their
 * defaults, pseudo parameters, and references to the template's resources by the names the template gives them
 * (else as CloudFormation names them, stack and logical id) and their ARNs. An intrinsic it does not know fails, rather than passing a function something it would never get.
 */
final class TemplateEnvironment {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "silenttalk-ops";
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final JsonNode template;
    private final Map<String, String> parameters;

    TemplateEnvironment(JsonNode template, Map<String, String> parameters) {
        this.template = template;
        this.parameters = parameters;
    }

    Map<String, String> of(String logicalId) {
        Map<String, String> env = new LinkedHashMap<>();
        variables(template.path("Globals").path("Function"), env);
        variables(template.path("Resources").path(logicalId).path("Properties"), env);
        return env;
    }

    private void variables(JsonNode properties, Map<String, String> env) {
        properties.path("Environment").path("Variables").fields()
                .forEachRemaining(v -> env.put(v.getKey(), resolve(v.getValue())));
    }

    String resolve(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(value.get("Ref").asText());
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Matcher m = SUB.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = sub.isArray() && sub.get(1).has(name) ? resolve(sub.get(1).get(name))
                        : name.contains(".") ? attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                        : ref(name);
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            JsonNode items = join.get(1);
            if (!items.isArray()) {
                return resolve(items); // a list parameter: already comma-joined
            }
            List<String> parts = new ArrayList<>();
            items.forEach(item -> parts.add(resolve(item)));
            return String.join(join.get(0).asText(), parts);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode att = value.get("Fn::GetAtt");
            String[] path = att.isArray() ? new String[] {att.get(0).asText(), att.get(1).asText()} : att.asText().split("\\.", 2);
            return attribute(path[0], path[1]);
        }
        throw new IllegalArgumentException("template.yaml: no resolution here for " + value);
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::StackName":
                return STACK;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            String given = parameters.get(name);
            if (given != null) {
                return given;
            }
            if (parameter.has("Default")) {
                return parameter.get("Default").asText();
            }
            throw new IllegalArgumentException("template.yaml parameter " + name + " has no default: give it a value");
        }
        JsonNode resource = template.path("Resources").path(name);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException("template.yaml: Ref to unknown " + name);
        }
        String physical = (STACK + "-" + name).toLowerCase(Locale.ROOT);
        for (String property : List.of("AlarmName", "TableName", "BucketName", "TopicName", "QueueName")) {
            if (resource.path("Properties").has(property)) {
                physical = resolve(resource.path("Properties").get(property));
            }
        }
        return switch (resource.path("Type").asText()) {
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + physical;
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + physical;
            default -> physical;
        };
    }

    private String attribute(String logicalId, String attribute) {
        String physical = ref(logicalId);
        if (!attribute.equals("Arn")) {
            return physical;
        }
        String type = template.path("Resources").path(logicalId).path("Type").asText();
        if (type.equals("AWS::IAM::Role")) {
            return "arn:aws:iam::" + ACCOUNT + ":role/" + physical; // IAM is global: no region in its ARNs
        }
        String service = type.split("::")[1].toLowerCase(Locale.ROOT);
        return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + physical.substring(physical.lastIndexOf('/') + 1);
    }
}
