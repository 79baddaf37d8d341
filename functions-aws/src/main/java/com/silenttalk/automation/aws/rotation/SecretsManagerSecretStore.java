package com.silenttalk.automation.aws.rotation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.PasswordSource;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets Manager as the rotation's {@link SecretStore}, and its GetRandomPassword as the password source.
 * Values are the JSON Secrets Manager's own rotation templates use ({@code username}, {@code password},
 * {@code host}, {@code port}, {@code dbname}, {@code engine}, {@code masterarn}). No value is ever logged,
 * and a value that does not parse is reported without its content.
 */
public final class SecretsManagerSecretStore implements SecretStore, PasswordSource {
    /** What the store needs, scoped to the rotated secrets. */
    public static final List<String> REQUIRED_ACTIONS = List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
            "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage");
    /**
     * What {@link #newPassword} needs in addition. GetRandomPassword has no resource-level permissions: the
     * Service Authorization Reference lists no resource type for it, so IAM grants it only with {@code Resource: "*"}
     * (it reads and writes no secret).
     */
    public static final String PASSWORD_ACTION = "secretsmanager:GetRandomPassword";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> LOGIN = Set.of("username", "password", "host");

    private final SecretsManagerClient client;

    public SecretsManagerSecretStore(SecretsManagerClient client) {
        this.client = client;
    }

    /** The label Secrets Manager gives a stage (AWSCURRENT, AWSPENDING, AWSPREVIOUS): the core's names meet the API here. */
    public static String label(Stage stage) {
        return "AWS" + stage.name();
    }

    /** The stage a Secrets Manager label stands for; empty for any other label (a label of the operator's own). */
    public static Optional<Stage> stageOf(String label) {
        return Arrays.stream(Stage.values()).filter(s -> label(s).equals(label)).findFirst();
    }

    @Override
    public SecretDescription describe(String secretId) {
        DescribeSecretResponse d = client.describeSecret(b -> b.secretId(secretId));
        Map<String, Set<Stage>> stages = new LinkedHashMap<>();
        d.versionIdsToStages().forEach((version, labels) -> stages.put(version,
                labels.stream().flatMap(l -> stageOf(l).stream()).collect(Collectors.toUnmodifiableSet())));
        // the event names the secret by ARN; keep the caller's id so messages and ledger keys match the event
        return new SecretDescription(secretId, Boolean.TRUE.equals(d.rotationEnabled()), stages);
    }

    @Override
    public Optional<Credential> valueOf(String secretId, String versionId) {
        return value(secretId, GetSecretValueRequest.builder().secretId(secretId).versionId(versionId).build(), versionId);
    }

    @Override
    public Optional<Credential> valueAt(String secretId, Stage stage) {
        return value(secretId, GetSecretValueRequest.builder().secretId(secretId).versionStage(label(stage)).build(), label(stage));
    }

    @Override
    public void putPending(String secretId, String token, Credential value) {
        try {
            client.putSecretValue(b -> b.secretId(secretId).clientRequestToken(token).secretString(toJson(value))
                    .versionStages(label(Stage.PENDING)));
        } catch (ResourceExistsException e) {
            // the same token with a different value: another invocation created it first
            throw new RotationFailedException("secret " + secretId + ": version " + token + " already exists with another value", e);
        }
    }

    @Override
    public void promote(String secretId, String token, String currentVersionId) {
        try {
            client.updateSecretVersionStage(b -> b.secretId(secretId).versionStage(label(Stage.CURRENT))
                    .moveToVersionId(token).removeFromVersionId(currentVersionId));
        } catch (InvalidParameterException e) {
            // RemoveFromVersionId no longer holds AWSCURRENT: another rotation finished first; the service changed nothing
            throw new RotationFailedException("secret " + secretId + ": version " + currentVersionId + " is no longer "
                    + label(Stage.CURRENT) + "; nothing was promoted", e);
        }
    }

    @Override
    public void removeStage(String secretId, Stage stage, String versionId) {
        client.updateSecretVersionStage(b -> b.secretId(secretId).versionStage(label(stage)).removeFromVersionId(versionId));
    }

    @Override
    public char[] newPassword(PasswordPolicy policy) {
        return client.getRandomPassword(b -> b.passwordLength((long) policy.length())
                .excludeCharacters(policy.excludedCharacters())).randomPassword().toCharArray();
    }

    @Override
    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }

    private Optional<Credential> value(String secretId, GetSecretValueRequest request, String which) {
        String text;
        try {
            text = client.getSecretValue(request).secretString();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        if (text == null) {
            throw new RotationFailedException("secret " + secretId + " (" + which + ") holds binary data, not a JSON credential");
        }
        return Optional.of(parse(secretId, which, text));
    }

    /**
     * A flat JSON object read with Jackson's streaming parser: databind and its modules (about 500 classes at a
     * cold start) are not needed for it. Scalar fields other than the login become attributes as text; nested
     * values are skipped; a repeated field keeps its last value.
     */
    static Credential parse(String secretId, String which, String text) {
        Map<String, String> fields = new HashMap<>();
        Set<String> strings = new HashSet<>();
        boolean object;
        try (JsonParser json = JSON.createParser(text)) {
            object = json.nextToken() == JsonToken.START_OBJECT;
            while (object && json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value.isScalarValue()) {
                    fields.put(name, json.getText());
                    if (value == JsonToken.VALUE_STRING) {
                        strings.add(name);
                    } else {
                        strings.remove(name);
                    }
                } else {
                    fields.remove(name);
                    strings.remove(name);
                    json.skipChildren();
                }
            }
        } catch (IOException e) {
            // Jackson's message quotes the input: say where, never what
            throw new RotationFailedException("secret " + secretId + " (" + which + ") is not valid JSON");
        }
        if (!object || !strings.containsAll(LOGIN)) {
            throw new RotationFailedException("secret " + secretId + " (" + which
                    + ") must be a JSON object with string fields username, password and host");
        }
        Map<String, String> attributes = new HashMap<>(fields);
        attributes.keySet().removeAll(LOGIN);
        return new Credential(fields.get("username"), fields.get("host"), fields.get("password").toCharArray(), attributes);
    }

    /** The attributes in name order (a numeric port as a number), then host, username and password. */
    static String toJson(Credential c) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(c.attributes()).entrySet()) {
                if (LOGIN.contains(e.getKey())) {
                    continue;
                }
                json.writeFieldName(e.getKey());
                if (e.getKey().equals("port") && e.getValue().matches("[0-9]{1,5}")) {
                    json.writeNumber(Integer.parseInt(e.getValue()));
                } else {
                    json.writeString(e.getValue());
                }
            }
            json.writeStringField("host", c.host());
            json.writeStringField("username", c.username());
            char[] password = c.password();
            json.writeFieldName("password");
            json.writeString(password, 0, password.length);
            java.util.Arrays.fill(password, '\0');
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credential of user " + c.username(), e);
        }
        return out.toString();
    }
}
