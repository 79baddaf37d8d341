package com.silenttalk.automation.azure.rotation;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.VersionStarter;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Key Vault as the rotation's {@link SecretStore}. Apps read the latest enabled version of secret
 * {@code NAME}, so the pending credential must not be a version of it: it lives in the companion secret
 * {@code NAME-pending} until it has been set and tested on the target, and only then is written as the
 * new version of {@code NAME} (with the rotation's version id in its tags and an expiry, which drives the
 * next SecretNearExpiry event). This is the reverse of the published sample, which writes the vault first.
 *
 * <p>Tags: {@code rotation-version} (our version id; untagged versions use Key Vault's), {@code rotation-stage}
 * (CURRENT / PREVIOUS on {@code NAME}; PENDING, promoted or abandoned on the companion; versions before
 * 2026-12 wrote Secrets Manager's AWSCURRENT / AWSPREVIOUS / AWSPENDING, which are still read as the same stages),
 * {@code rotation-empty} (a begun version with no value yet), {@code rotation-enabled=false} on the latest
 * version turns rotation off. Values are the JSON credential the other stores use; none is ever logged.
 */
public final class KeyVaultSecretStore implements SecretStore, VersionStarter {
    static final String VERSION = "rotation-version";
    static final String STAGE = "rotation-stage";
    static final String EMPTY = "rotation-empty";
    static final String ENABLED = "rotation-enabled";
    static final String PENDING_SUFFIX = "-pending";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretClient client;
    private final Clock clock;
    private final Duration validity;

    /** @param validity how long a promoted version is valid (its expiry; SecretNearExpiry fires before it) */
    public KeyVaultSecretStore(SecretClient client, Clock clock, Duration validity) {
        this.client = client;
        this.clock = clock;
        this.validity = validity;
    }

    private record Versions(List<SecretProperties> enabled, Optional<KeyVaultSecret> companion) {
        Optional<SecretProperties> current() {
            return enabled.isEmpty() ? Optional.empty() : Optional.of(enabled.get(enabled.size() - 1));
        }

        Optional<SecretProperties> byId(String id) {
            return enabled.stream().filter(p -> idOf(p).equals(id)).findFirst();
        }

        Optional<SecretProperties> previous() {
            Optional<SecretProperties> current = current();
            return enabled.stream().filter(p -> stageOf(p).filter(Stage.PREVIOUS::equals).isPresent())
                    .filter(p -> current.isEmpty() || !p.getVersion().equals(current.get().getVersion())).findFirst();
        }

        Optional<String> pendingToken() {
            return companion.map(KeyVaultSecret::getProperties).filter(p -> stageOf(p).filter(Stage.PENDING::equals).isPresent())
                    .map(p -> tag(p, VERSION));
        }
    }

    /** The Key Vault version apps read now (the latest enabled one) and when Key Vault created it. */
    public record LiveVersion(String version, java.time.Instant createdOn) {
    }

    /** The version apps read now; empty when the secret has no enabled version (or does not exist). */
    public Optional<LiveVersion> liveVersion(String name) {
        try {
            return versions(name).current().map(p -> new LiveVersion(p.getVersion(), p.getCreatedOn().toInstant()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public SecretDescription describe(String name) {
        Versions v = versions(name);
        SecretProperties current = v.current().orElseThrow(
                () -> new RotationFailedException("Key Vault secret " + name + " has no enabled version"));
        Map<String, Set<Stage>> stages = new LinkedHashMap<>();
        for (SecretProperties p : v.enabled()) {
            stages.put(idOf(p), Set.of());
        }
        stages.put(idOf(current), Set.of(Stage.CURRENT));
        v.previous().ifPresent(p -> stages.put(idOf(p), Set.of(Stage.PREVIOUS)));
        v.pendingToken().ifPresent(t -> stages.merge(t, Set.of(Stage.PENDING), (a, b) -> union(a, b)));
        return new SecretDescription(name, !"false".equals(tag(current, ENABLED)), stages);
    }

    @Override
    public Optional<Credential> valueOf(String name, String versionId) {
        Versions v = versions(name);
        if (v.pendingToken().filter(versionId::equals).isPresent() && v.byId(versionId).isEmpty()) {
            KeyVaultSecret companion = v.companion().orElseThrow();
            return "true".equals(tag(companion.getProperties(), EMPTY)) ? Optional.empty()
                    : Optional.of(parse(name, versionId, companion.getValue()));
        }
        return v.byId(versionId).map(p -> parse(name, versionId, client.getSecret(name, p.getVersion()).getValue()));
    }

    @Override
    public Optional<Credential> valueAt(String name, Stage stage) {
        Versions v = versions(name);
        return switch (stage) {
            case CURRENT -> v.current().map(p -> parse(name, stage.name(), client.getSecret(name, p.getVersion()).getValue()));
            case PREVIOUS -> v.previous().map(p -> parse(name, stage.name(), client.getSecret(name, p.getVersion()).getValue()));
            case PENDING -> v.pendingToken().flatMap(t -> valueOf(name, t));
        };
    }

    @Override
    public void beginVersion(String name, String token) {
        Versions v = versions(name);
        Optional<String> pending = v.pendingToken();
        if (pending.filter(token::equals).isPresent()) {
            return;
        }
        if (pending.isPresent() && v.byId(pending.get()).isEmpty()) {
            throw new RotationFailedException("Key Vault secret " + name + ": version " + pending.get() + " is still " + Stage.PENDING
                    + "; finish or repair that rotation first");
        }
        client.setSecret(new KeyVaultSecret(name + PENDING_SUFFIX, "-").setProperties(new SecretProperties()
                .setTags(Map.of(VERSION, token, STAGE, Stage.PENDING.name(), EMPTY, "true")).setContentType("application/json")));
    }

    @Override
    public void putPending(String name, String token, Credential value) {
        Versions v = versions(name);
        Optional<KeyVaultSecret> companion = v.companion().filter(c -> token.equals(tag(c.getProperties(), VERSION))
                && stageOf(c.getProperties()).filter(Stage.PENDING::equals).isPresent() && !"true".equals(tag(c.getProperties(), EMPTY)));
        if (companion.isPresent()) {
            if (!parse(name, token, companion.get().getValue()).sameAs(value)) {
                throw new RotationFailedException("Key Vault secret " + name + ": version " + token + " already has another value");
            }
            return;
        }
        client.setSecret(new KeyVaultSecret(name + PENDING_SUFFIX, toJson(value)).setProperties(new SecretProperties()
                .setTags(Map.of(VERSION, token, STAGE, Stage.PENDING.name())).setContentType("application/json")));
    }

    @Override
    public void promote(String name, String token, String currentVersionId) {
        Versions v = versions(name);
        SecretProperties current = v.byId(currentVersionId).orElseThrow(
                () -> new RotationFailedException("Key Vault secret " + name + " has no version " + currentVersionId));
        if (!v.current().map(p -> p.getVersion().equals(current.getVersion())).orElse(false)) {
            throw new RotationFailedException("Key Vault secret " + name + ": version " + currentVersionId
                    + " is no longer the current one; another rotation finished first");
        }
        Credential pending = valueOf(name, token).orElseThrow(
                () -> new RotationFailedException("Key Vault secret " + name + ": version " + token + " has no value to promote"));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        // 1. the new version apps will read, 2. the old one marked previous, 3. the companion marked promoted
        client.setSecret(new KeyVaultSecret(name, toJson(pending)).setProperties(new SecretProperties()
                .setTags(Map.of(VERSION, token, STAGE, Stage.CURRENT.name())).setContentType("application/json")
                .setExpiresOn(now.plus(validity))));
        v.previous().ifPresent(p -> client.updateSecretProperties(p.setTags(withTag(p, STAGE, "retired"))));
        client.updateSecretProperties(current.setTags(withTag(current, STAGE, Stage.PREVIOUS.name())));
        v.companion().ifPresent(c -> client.updateSecretProperties(c.getProperties().setTags(withTag(c.getProperties(), STAGE, "promoted"))));
    }

    @Override
    public void removeStage(String name, Stage stage, String versionId) {
        Versions v = versions(name);
        if (stage == Stage.PENDING) {
            v.companion().filter(c -> versionId.equals(tag(c.getProperties(), VERSION)))
                    .ifPresent(c -> client.updateSecretProperties(c.getProperties().setTags(withTag(c.getProperties(), STAGE, "abandoned"))));
            return;
        }
        v.byId(versionId).filter(p -> stageOf(p).filter(stage::equals).isPresent())
                .ifPresent(p -> client.updateSecretProperties(p.setTags(withTag(p, STAGE, "retired"))));
    }

    /** Key Vault data actions (Azure RBAC) the store uses: read values and metadata, write versions, retag. */
    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
                "Microsoft.KeyVault/vaults/secrets/setSecret/action", "Microsoft.KeyVault/vaults/secrets/update/action");
    }

    private Versions versions(String name) {
        List<SecretProperties> enabled = client.listPropertiesOfSecretVersions(name).stream()
                .filter(p -> Boolean.TRUE.equals(p.isEnabled()))
                .sorted(Comparator.comparing(SecretProperties::getCreatedOn))
                .toList();
        Optional<KeyVaultSecret> companion;
        try {
            companion = Optional.of(client.getSecret(name + PENDING_SUFFIX));
        } catch (ResourceNotFoundException e) {
            companion = Optional.empty();
        }
        return new Versions(enabled, companion);
    }

    static String idOf(SecretProperties p) {
        String tagged = tag(p, VERSION);
        return tagged != null ? tagged : p.getVersion();
    }

    static String tag(SecretProperties p, String name) {
        return p.getTags() == null ? null : p.getTags().get(name);
    }

    /**
     * The stage a version's {@code rotation-stage} tag names: as this version writes it (CURRENT), or as versions
     * before it wrote it, with Secrets Manager's label (AWSCURRENT); empty for promoted, abandoned, retired or none.
     */
    static Optional<Stage> stageOf(SecretProperties p) {
        String tag = tag(p, STAGE);
        return Arrays.stream(Stage.values()).filter(s -> s.name().equals(tag) || ("AWS" + s.name()).equals(tag)).findFirst();
    }

    private static Map<String, String> withTag(SecretProperties p, String name, String value) {
        Map<String, String> tags = new HashMap<>(p.getTags() == null ? Map.of() : p.getTags());
        tags.put(name, value);
        return tags;
    }

    private static Set<Stage> union(Set<Stage> a, Set<Stage> b) {
        java.util.Set<Stage> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    static Credential parse(String name, String which, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RotationFailedException("Key Vault secret " + name + " (" + which + ") is not valid JSON");
        }
        if (node == null || !node.isObject() || !node.path("username").isTextual() || !node.path("password").isTextual()
                || !node.path("host").isTextual()) {
            throw new RotationFailedException("Key Vault secret " + name + " (" + which
                    + ") must be a JSON object with string fields username, password and host");
        }
        Map<String, String> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!Set.of("username", "password", "host").contains(f.getKey()) && f.getValue().isValueNode()) {
                attributes.put(f.getKey(), f.getValue().asText());
            }
        }
        return new Credential(node.get("username").asText(), node.get("host").asText(), node.get("password").asText().toCharArray(),
                attributes);
    }

    static String toJson(Credential c) {
        ObjectNode node = JSON.createObjectNode();
        c.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        node.put("host", c.host());
        node.put("username", c.username());
        node.put("password", new String(c.password()));
        return node.toString();
    }
}
