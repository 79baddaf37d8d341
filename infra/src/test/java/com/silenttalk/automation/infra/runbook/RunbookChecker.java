package com.silenttalk.automation.infra.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.infra.arm.ArmNames;
import com.silenttalk.automation.infra.cloudformation.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Checks the commands and names a runbook quotes against what exists: the CloudFormation
 * templates (parameters, stack names from their {@code Metadata.SilentTalk.StackName}, resource
 * types and names), the ARM template, and opsctl's picocli command tree.
 */
final class RunbookChecker {

    record Result(List<String> problems, int commandsChecked) {
    }

    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```[a-z]*\\n(.*?)^\\s*```\\s*$");
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern IDENTIFIER = Pattern.compile("^(?=.*[a-z])(?=.*[A-Z])[A-Za-z][A-Za-z0-9]*$");
    private static final Pattern AWS_SUB = Pattern.compile("\\$\\{([^}]+)}");
    private static final List<String> ENVIRONMENTS = List.of("production", "staging", "dev");
    /** CLI service → CloudFormation namespace whose resources the command acts on. */
    private static final Map<String, String> AWS_SERVICES = Map.ofEntries(Map.entry("cloudformation", "AWS::CloudFormation"),
            Map.entry("ec2", "AWS::EC2"), Map.entry("s3", "AWS::S3"), Map.entry("rds", "AWS::RDS"),
            Map.entry("elasticache", "AWS::ElastiCache"), Map.entry("ecs", "AWS::ECS"), Map.entry("wafv2", "AWS::WAFv2"),
            Map.entry("backup", "AWS::Backup"), Map.entry("cloudwatch", "AWS::CloudWatch"),
            Map.entry("cloudfront", "AWS::CloudFront"), Map.entry("secretsmanager", "AWS::SecretsManager"),
            Map.entry("autoscaling", "AWS::AutoScaling"), Map.entry("logs", "AWS::Logs"),
            Map.entry("elbv2", "AWS::ElasticLoadBalancingV2"), Map.entry("dynamodb", "AWS::DynamoDB"));
    /** Services whose resources the automation suite's template.yaml declares, not infra/. */
    private static final Set<String> SUITE_AWS_SERVICES = Set.of("stepfunctions");
    private static final Map<String, String> AZ_GROUPS = Map.ofEntries(Map.entry("storage", "Microsoft.Storage"),
            Map.entry("postgres", "Microsoft.DBforPostgreSQL"), Map.entry("redis", "Microsoft.Cache"),
            Map.entry("webapp", "Microsoft.Web"), Map.entry("vmss", "Microsoft.Compute"), Map.entry("afd", "Microsoft.Cdn"),
            Map.entry("monitor", "Microsoft.Insights"), Map.entry("keyvault", "Microsoft.KeyVault"),
            Map.entry("network", "Microsoft.Network"), Map.entry("dataprotection", "Microsoft.DataProtection"),
            // Locks protect the database (Flexible Server has no deletion-protection property).
            Map.entry("lock", "Microsoft.DBforPostgreSQL"));
    private static final Set<String> AZ_ALWAYS = Set.of("group", "deployment");
    private static final Set<String> AWS_NAME_FLAGS = Set.of("--db-instance-identifier", "--source-db-instance-identifier",
            "--source-identifier", "--replication-group-id", "--cluster", "--auto-scaling-group-name",
            "--backup-vault-name", "--alarm-name", "--secret-id");
    private static final Set<String> AZ_NAME_VERBS = Set.of("show", "restart", "list-instances", "reimage", "force-reboot");

    private final Path root;
    private final CommandLine opsctl;
    private final Map<String, JsonNode> awsTemplates = new TreeMap<>();
    private final JsonNode armTemplate;
    private final Map<String, String> stackTemplates = new HashMap<>();
    private final List<Pattern> resourceNames = new ArrayList<>();
    private final Set<String> knownIdentifiers = new HashSet<>();
    private final Set<String> awsNamespaces = new HashSet<>();
    private final Set<String> armProviders = new HashSet<>();

    RunbookChecker(Path root, CommandLine opsctl) throws IOException {
        this.root = root;
        this.opsctl = opsctl;
        try (Stream<Path> files = Files.list(root.resolve("infra/aws"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f ->
                    awsTemplates.put("infra/aws/" + f.getFileName(), CloudFormationYaml.read(f)));
        }
        this.armTemplate = new ObjectMapper().readTree(root.resolve("infra/azure/platform.json").toFile());
        awsTemplates.forEach(this::indexAws);
        indexArm();
        knownIdentifiers.addAll(opsctl.getSubcommands().keySet());
    }

    private void indexAws(String file, JsonNode template) {
        String stack = template.at("/Metadata/SilentTalk/StackName").asText("");
        for (String environment : ENVIRONMENTS) {
            if (!stack.isEmpty()) {
                stackTemplates.put(stack.replace("<EnvironmentName>", environment), file);
            }
        }
        template.path("Resources").forEach(resource -> {
            String type = resource.path("Type").asText();
            if (type.lastIndexOf("::") > 0) {
                awsNamespaces.add(type.substring(0, type.lastIndexOf("::")));
            }
        });
        collectKeys(template, knownIdentifiers);
        collectStrings(template, text -> {
            if (text.contains("silenttalk")) {
                resourceNames.add(awsNamePattern(text));
            }
        });
    }

    private void indexArm() {
        armTemplate.path("resources").forEach(resource -> {
            String type = resource.path("type").asText();
            armProviders.add(type.substring(0, Math.max(type.indexOf('/'), 0)));
        });
        collectKeys(armTemplate, knownIdentifiers);
        ArmNames names = new ArmNames(armTemplate);
        armTemplate.path("variables").forEach(value -> {
            if (value.isTextual()) {
                String evaluated = evaluate(names, value.asText());
                if (evaluated != null && evaluated.contains("silenttalk")) {
                    resourceNames.add(Pattern.compile(Pattern.quote(evaluated)));
                }
            }
        });
        armTemplate.path("resources").forEach(resource -> {
            String evaluated = evaluate(names, resource.path("name").asText());
            if (evaluated != null) {
                resourceNames.add(Pattern.compile(Pattern.quote(evaluated)));
            }
        });
    }

    private static String evaluate(ArmNames names, String expression) {
        try {
            return names.evaluate(expression);
        } catch (IllegalArgumentException unparsable) {
            return null;
        }
    }

    /** 'silenttalk-${EnvironmentName}-db' → silenttalk-production-db (any environment); other ${X} match anything. */
    private static Pattern awsNamePattern(String text) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = AWS_SUB.matcher(text);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(text.substring(last, matcher.start())));
            regex.append(matcher.group(1).equals("EnvironmentName") ? "(production|staging|dev)" : "[^/]*");
            last = matcher.end();
        }
        regex.append(Pattern.quote(text.substring(last)));
        return Pattern.compile(regex.toString());
    }

    Result check(String document, String markdown) {
        List<String> problems = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        Matcher fences = FENCE.matcher(markdown);
        StringBuilder prose = new StringBuilder();
        int last = 0;
        while (fences.find()) {
            prose.append(markdown, last, fences.start()).append('\n');
            last = fences.end();
            String block = fences.group(1).replaceAll("\\\\\\n\\s*", " ");
            for (String line : block.split("\\n")) {
                String trimmed = line.trim().replaceFirst("^\\$ ", "");
                if (trimmed.startsWith("aws ") || trimmed.startsWith("az ") || trimmed.startsWith("opsctl ")) {
                    commands.add(trimmed);
                }
            }
        }
        prose.append(markdown.substring(last));
        Matcher inline = INLINE.matcher(prose);
        while (inline.find()) {
            String code = inline.group(1).trim();
            if (code.startsWith("aws ") || code.startsWith("az ") || code.startsWith("opsctl ")) {
                commands.add(code);
            } else if (IDENTIFIER.matcher(code).matches() && !knownIdentifiers.contains(code)) {
                problems.add(document + ": `" + code + "` is not a parameter, output, resource or property of the templates");
            }
        }
        Map<String, String> packaged = new HashMap<>();
        for (String command : commands) {
            List<String> words = ShellWords.split(command);
            List<String> found = new ArrayList<>();
            switch (words.get(0)) {
                case "aws" -> checkAws(words, packaged, found);
                case "az" -> checkAz(words, found);
                default -> checkOpsctl(words, found);
            }
            found.forEach(problem -> problems.add(document + ": `" + command + "`: " + problem));
        }
        return new Result(problems, commands.size());
    }

    // ---- aws ---------------------------------------------------------------------------------------

    private void checkAws(List<String> words, Map<String, String> packaged, List<String> problems) {
        String service = words.get(1);
        if (SUITE_AWS_SERVICES.contains(service)) {
            checkSuiteTemplate(service, problems);
        } else if (!AWS_SERVICES.containsKey(service)) {
            problems.add("aws " + service + " is not mapped to a CloudFormation namespace");
            return;
        } else if (!service.equals("cloudformation") && !awsNamespaces.contains(AWS_SERVICES.get(service))) {
            problems.add("no template declares " + AWS_SERVICES.get(service) + " resources");
        }
        Map<String, List<String>> options = options(words);
        String template = first(options, "--template-file");
        String templateFile = template == null ? null : packaged.getOrDefault(template, template);
        if (template != null && !awsTemplates.containsKey(templateFile)) {
            problems.add("--template-file " + template + " is neither a template in infra/aws nor a packaged one");
            templateFile = null;
        }
        String output = first(options, "--output-template-file");
        if (output != null && templateFile != null) {
            packaged.put(output, templateFile);
        }
        String stack = first(options, "--stack-name");
        if (stack != null && !isPlaceholder(stack)) {
            String stackTemplate = stackTemplates.get(stack);
            if (stackTemplate == null) {
                problems.add("no template declares stack " + stack);
            } else if (templateFile != null && !stackTemplate.equals(templateFile)) {
                problems.add("stack " + stack + " is deployed from " + stackTemplate + ", not " + templateFile);
            }
        }
        if (templateFile != null && options.containsKey("--parameter-overrides")) {
            JsonNode parameters = awsTemplates.get(templateFile).path("Parameters");
            Set<String> given = new HashSet<>();
            for (String override : options.get("--parameter-overrides")) {
                String key = override.substring(0, Math.max(override.indexOf('='), 0));
                given.add(key);
                if (!parameters.has(key)) {
                    problems.add(templateFile + " declares no parameter " + (key.isEmpty() ? override : key));
                }
            }
            requireAll(parameters, "Default", given, templateFile, problems);
        } else if (templateFile != null && words.get(2).equals("deploy")) {
            requireAll(awsTemplates.get(templateFile).path("Parameters"), "Default", Set.of(), templateFile, problems);
        }
        for (String flag : AWS_NAME_FLAGS) {
            for (String name : options.getOrDefault(flag, List.of())) {
                checkResourceName(name, problems);
            }
        }
        for (String prefix : options.getOrDefault("--alarm-name-prefix", List.of())) {
            if (resourceNames.stream().noneMatch(p -> p.pattern().replace("\\Q", "").startsWith(prefix))) {
                problems.add("no template names a resource starting with " + prefix);
            }
        }
    }

    private void checkSuiteTemplate(String service, List<String> problems) {
        Path suite = root.resolve("template.yaml");
        if (Files.isRegularFile(suite)) {
            String text;
            try {
                text = Files.readString(suite);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!text.contains("AWS::StepFunctions::StateMachine") && !text.contains("AWS::Serverless::StateMachine")) {
                problems.add("aws " + service + ": template.yaml declares no state machine");
            }
        }
    }

    // ---- az ----------------------------------------------------------------------------------------

    private void checkAz(List<String> words, List<String> problems) {
        String group = words.get(1);
        if (!AZ_ALWAYS.contains(group)) {
            String provider = AZ_GROUPS.get(group);
            if (provider == null) {
                problems.add("az " + group + " is not mapped to a resource provider of the templates");
                return;
            }
            if (!armProviders.contains(provider)) {
                problems.add("infra/azure/platform.json declares no " + provider + " resources");
            }
        }
        Map<String, List<String>> options = options(words);
        String template = first(options, "--template-file");
        if (template != null) {
            if (!Files.isRegularFile(root.resolve(template)) || !template.equals("infra/azure/platform.json")) {
                problems.add("--template-file " + template + " is not infra/azure/platform.json");
                return;
            }
            JsonNode parameters = armTemplate.path("parameters");
            Set<String> given = new HashSet<>();
            boolean fromFile = false;
            for (String value : options.getOrDefault("--parameters", List.of())) {
                if (value.startsWith("@")) {
                    fromFile = true;
                    continue;
                }
                String key = value.substring(0, Math.max(value.indexOf('='), 0));
                given.add(key);
                if (!parameters.has(key)) {
                    problems.add("infra/azure/platform.json declares no parameter " + (key.isEmpty() ? value : key));
                }
            }
            if (words.contains("create") && !fromFile) {
                requireAll(parameters, "defaultValue", given, template, problems);
            }
        }
        String verb = words.stream().filter(AZ_NAME_VERBS::contains).findFirst().orElse(null);
        if (verb != null && !group.equals("webapp") && !group.equals("deployment")) {
            for (String name : options.getOrDefault("--name", List.of())) {
                checkResourceName(name, problems);
            }
        }
        for (String name : options.getOrDefault("--profile-name", List.of())) {
            checkResourceName(name, problems);
        }
    }

    // ---- opsctl ------------------------------------------------------------------------------------

    private void checkOpsctl(List<String> words, List<String> problems) {
        if (words.size() < 2 || words.get(1).startsWith("-")) {
            return;
        }
        CommandLine sub = opsctl.getSubcommands().get(words.get(1));
        if (sub == null) {
            problems.add("opsctl has no subcommand " + words.get(1));
            return;
        }
        for (String word : words.subList(2, words.size())) {
            if (word.startsWith("--")) {
                String option = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (!sub.getCommandSpec().optionsMap().containsKey(option)
                        && !opsctl.getCommandSpec().optionsMap().containsKey(option)) {
                    problems.add("opsctl " + words.get(1) + " has no option " + option);
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private void checkResourceName(String name, List<String> problems) {
        if (isPlaceholder(name) || name.startsWith("arn:")) {
            return;
        }
        if (resourceNames.stream().noneMatch(pattern -> pattern.matcher(name).matches())) {
            problems.add("no template names a resource " + name);
        }
    }

    private static void requireAll(JsonNode parameters, String defaultKey, Set<String> given, String template,
            List<String> problems) {
        parameters.fields().forEachRemaining(parameter -> {
            if (!parameter.getValue().has(defaultKey) && !given.contains(parameter.getKey())) {
                problems.add(template + " needs parameter " + parameter.getKey() + " (no default)");
            }
        });
    }

    private static boolean isPlaceholder(String value) {
        return value.startsWith("<") || value.startsWith("$");
    }

    /** Options and their values: every word after a --flag up to the next --flag. */
    private static Map<String, List<String>> options(List<String> words) {
        Map<String, List<String>> options = new HashMap<>();
        List<String> current = null;
        for (String word : words) {
            if (word.startsWith("--")) {
                current = new ArrayList<>();
                options.put(word, current);
            } else if (current != null) {
                current.add(word);
            }
        }
        return options;
    }

    private static String first(Map<String, List<String>> options, String flag) {
        List<String> values = options.get(flag);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void collectKeys(JsonNode node, Set<String> keys) {
        node.fieldNames().forEachRemaining(keys::add);
        node.forEach(child -> collectKeys(child, keys));
    }

    private static void collectStrings(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.asText());
        }
        node.forEach(child -> collectStrings(child, sink));
    }
}
