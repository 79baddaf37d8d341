package com.silenttalk.automation.azure.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What asks for one rotation: an Event Grid {@code Microsoft.KeyVault.SecretNearExpiry} notice for one
 * version of one secret, or a manual request over HTTP. Parsed here; each wrong field is named.
 *
 * @param source    "event &lt;id&gt;" or "http"
 * @param secret    the Key Vault secret's name
 * @param version   the Key Vault version the request is about (the event's {@code data.Version}; optional over HTTP)
 * @param issuedAt  the event's {@code eventTime} (empty over HTTP)
 * @param dryRun    only plan (HTTP {@code "dryRun": true})
 */
public record RotationRequest(String source, String secret, Optional<String> version, Optional<Instant> issuedAt, boolean dryRun) {
    public static final String NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry";
    /** Event Grid's own limit on events per webhook delivery. */
    static final int MAX_BATCH = 5000;
    /** Key Vault object names: 1-127 letters, digits and dashes. */
    static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    /** Key Vault versions: 32 hex digits. */
    static final Pattern VERSION = Pattern.compile("[0-9a-f]{32}");

    public RotationRequest {
        if (secret == null || !NAME.matcher(secret).matches()) {
            throw new InvalidFieldException("secret", "must be a Key Vault secret name (1-127 letters, digits and dashes)");
        }
        if (secret.endsWith(KeyVaultSecretStore.PENDING_SUFFIX)) {
            throw new InvalidFieldException("secret", UntrustedText.quoted(secret) + " is a rotation's pending companion, not a rotated secret");
        }
    }

    /**
     * An Event Grid event (Event Grid schema) from vault {@code vaultName}. Key Vault writes the data fields
     * as {@code Id, VaultName, ObjectType, ObjectName, Version, NBF, EXP}; they are matched without regard to case.
     */
    public static RotationRequest nearExpiry(String event, String vaultName) {
        return nearExpiry(Json.tree(event, "event"), vaultName);
    }

    /**
     * What Event Grid delivers: one event (the Functions binding), or the array of one or more events it
     * posts to a webhook. Every event is validated before any is returned, so a bad one rotates nothing;
     * a problem in the i-th names it {@code event[i].<field>}.
     */
    public static List<RotationRequest> nearExpiryBatch(String event, String vaultName) {
        JsonNode node = Json.anyTree(event, "event");
        if (node.isObject()) {
            return List.of(nearExpiry(node, vaultName));
        }
        if (!node.isArray()) {
            throw new InvalidFieldException("event", "must be an Event Grid event (a JSON object) or a batch of them (an array)");
        }
        if (node.isEmpty()) {
            throw new InvalidFieldException("event", "is an empty batch: Event Grid delivers one or more events");
        }
        if (node.size() > MAX_BATCH) {
            throw new InvalidFieldException("event", "holds " + node.size() + " events; Event Grid delivers at most " + MAX_BATCH);
        }
        List<RotationRequest> requests = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode one = node.get(i);
            if (!one.isObject()) {
                throw new InvalidFieldException("event[" + i + "]", "must be an Event Grid event (a JSON object)");
            }
            try {
                requests.add(nearExpiry(one, vaultName));
            } catch (InvalidFieldException e) {
                throw e.under("event[" + i + "]");
            }
        }
        return List.copyOf(requests);
    }

    private static RotationRequest nearExpiry(JsonNode node, String vaultName) {
        String type = node.path("eventType").asText("");
        if (!NEAR_EXPIRY.equals(type)) {
            throw new InvalidFieldException("eventType", "expected " + NEAR_EXPIRY + ", got " + UntrustedText.quoted(type));
        }
        String id = node.path("id").asText("");
        if (id.isBlank()) {
            throw new InvalidFieldException("id", "is missing");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(node.path("eventTime").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("eventTime", "is not an ISO-8601 date-time");
        }
        JsonNode data = node.path("data");
        if (!data.isObject()) {
            throw new InvalidFieldException("data", "is missing");
        }
        String objectType = field(data, "ObjectType");
        if (!"Secret".equalsIgnoreCase(objectType)) {
            throw new InvalidFieldException("data.ObjectType", "expected Secret, got " + UntrustedText.quoted(objectType));
        }
        String vault = field(data, "VaultName");
        if (!vaultName.equalsIgnoreCase(vault)) {
            throw new InvalidFieldException("data.VaultName", UntrustedText.quoted(vault) + " is not the rotation vault " + UntrustedText.quoted(vaultName));
        }
        String version = field(data, "Version");
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidFieldException("data.Version", "must be a Key Vault version (32 hex digits)");
        }
        String name = field(data, "ObjectName");
        try {
            return new RotationRequest("event " + id, name, Optional.of(version), Optional.of(time), false);
        } catch (InvalidFieldException e) {
            throw e.under("data.ObjectName");
        }
    }

    /** An HTTP body: {@code {"secret": "app-db"}}, optionally {@code "version"} (rotate only if still current) and {@code "dryRun"}. */
    public static RotationRequest manual(String body) {
        JsonNode node = Json.tree(body, "body");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("secret") && !name.equals("version") && !name.equals("dryRun")) {
                throw new InvalidFieldException(name, "is not a rotation request field (expected secret, version, dryRun)");
            }
        }
        JsonNode secret = node.get("secret");
        if (secret == null || !secret.isTextual()) {
            throw new InvalidFieldException("secret", "is required and must be a string");
        }
        JsonNode version = node.get("version");
        if (version != null && (!version.isTextual() || !VERSION.matcher(version.asText()).matches())) {
            throw new InvalidFieldException("version", "must be a Key Vault version (32 hex digits)");
        }
        JsonNode dryRun = node.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new InvalidFieldException("dryRun", "must be true or false");
        }
        return new RotationRequest("http", secret.asText(), Optional.ofNullable(version).map(JsonNode::asText), Optional.empty(),
                dryRun != null && dryRun.asBoolean());
    }

    private static String field(JsonNode data, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().trim().equalsIgnoreCase(name) && f.getValue().isValueNode() && !f.getValue().isNull()) {
                return f.getValue().asText().trim();
            }
        }
        throw new InvalidFieldException("data." + name, "is missing");
    }
}
