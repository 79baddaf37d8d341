package com.silenttalk.automation.local.rotation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.VersionStarter;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A secret as one JSON file (mode 0600) with versions and staging labels, for self-hosted setups.
 * Every change is read-modify-write under an exclusive lock on a sidecar file, written to a temp
 * file, forced to disk and renamed over the old one: a reader sees the old or the new file, never half.
 * The secret id is the file's absolute path.
 */
public final class FileSecretStore implements SecretStore, VersionStarter {
    /** The file's content. Versions keep their order of creation. */
    public record SecretFile(boolean rotationEnabled, List<Version> versions) {
        public SecretFile {
            versions = List.copyOf(versions);
        }
    }

    /**
     * One version; {@code value} is null for a version begun but not yet created. {@code stages} holds the stages'
     * names (CURRENT, PENDING, PREVIOUS); files written before 2026-12 hold Secrets Manager's labels (AWSCURRENT, ...),
     * read as the same stages and written back with the names.
     */
    public record Version(String versionId, Set<String> stages, String createdAt, StoredValue value) {
        public Version {
            stages = Set.copyOf(stages);
        }
    }

    /** The stored form of a {@link Credential}. Never printed: toString leaves the password out. */
    public record StoredValue(String username, String host, String password, Map<String, String> attributes) {
        static StoredValue of(Credential c) {
            return new StoredValue(c.username(), c.host(), new String(c.password()), c.attributes());
        }

        Credential credential() {
            return new Credential(username, host, password.toCharArray(), attributes);
        }

        boolean sameAs(Credential c) {
            return credential().sameAs(c);
        }

        @Override
        public String toString() {
            return "StoredValue[" + username + "@" + host + ", password=(redacted)]";
        }
    }

    private final Path file;
    private final Clock clock;

    public FileSecretStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
    }

    /** Creates the file with one CURRENT version; refuses to overwrite an existing secret. */
    public static FileSecretStore initialise(Path file, Credential initial, String versionId, Clock clock) {
        FileSecretStore store = new FileSecretStore(file, clock);
        if (Files.exists(store.file)) {
            throw new InvalidFieldException("--store", "file " + store.file + " already holds a secret; it is not overwritten");
        }
        store.write(new SecretFile(true, List.of(new Version(versionId, Set.of(Stage.CURRENT.name()), clock.instant().toString(),
                StoredValue.of(initial)))));
        return store;
    }

    public String secretId() {
        return file.toString();
    }

    @Override
    public SecretDescription describe(String secretId) {
        SecretFile content = read(secretId);
        Map<String, Set<Stage>> stages = new LinkedHashMap<>();
        content.versions().forEach(v -> stages.put(v.versionId(), Arrays.stream(Stage.values())
                .filter(s -> v.stages().contains(s.name())).collect(Collectors.toUnmodifiableSet())));
        return new SecretDescription(secretId, content.rotationEnabled(), stages);
    }

    @Override
    public Optional<Credential> valueOf(String secretId, String versionId) {
        return read(secretId).versions().stream().filter(v -> v.versionId().equals(versionId) && v.value() != null)
                .findFirst().map(v -> v.value().credential());
    }

    @Override
    public Optional<Credential> valueAt(String secretId, Stage stage) {
        return read(secretId).versions().stream().filter(v -> v.stages().contains(stage.name()) && v.value() != null)
                .findFirst().map(v -> v.value().credential());
    }

    @Override
    public void beginVersion(String secretId, String token) {
        change(secretId, content -> {
            if (content.versions().stream().anyMatch(v -> v.versionId().equals(token))) {
                return content;
            }
            if (content.versions().stream().anyMatch(v -> v.stages().contains(Stage.PENDING.name()))) {
                throw new RotationFailedException("secret " + secretId + ": another version is " + Stage.PENDING
                        + "; finish or repair that rotation first");
            }
            List<Version> versions = new ArrayList<>(content.versions());
            versions.add(new Version(token, Set.of(Stage.PENDING.name()), clock.instant().toString(), null));
            return new SecretFile(content.rotationEnabled(), versions);
        });
    }

    @Override
    public void putPending(String secretId, String token, Credential value) {
        change(secretId, content -> {
            List<Version> versions = new ArrayList<>();
            boolean found = false;
            for (Version v : content.versions()) {
                if (v.versionId().equals(token)) {
                    found = true;
                    if (v.value() != null) {
                        if (!v.value().sameAs(value)) {
                            throw new RotationFailedException("secret " + secretId + ": version " + token + " already has a different value");
                        }
                        return content;
                    }
                    versions.add(new Version(token, withStage(v.stages(), Stage.PENDING), v.createdAt(), StoredValue.of(value)));
                } else {
                    versions.add(new Version(v.versionId(), without(v.stages(), Stage.PENDING), v.createdAt(), v.value()));
                }
            }
            if (!found) {
                versions.add(new Version(token, Set.of(Stage.PENDING.name()), clock.instant().toString(), StoredValue.of(value)));
            }
            return new SecretFile(content.rotationEnabled(), versions);
        });
    }

    @Override
    public void promote(String secretId, String token, String currentVersionId) {
        change(secretId, content -> {
            Version current = content.versions().stream().filter(v -> v.versionId().equals(currentVersionId)).findFirst()
                    .orElseThrow(() -> new RotationFailedException("secret " + secretId + " has no version " + currentVersionId));
            if (!current.stages().contains(Stage.CURRENT.name())) {
                throw new RotationFailedException("secret " + secretId + ": version " + currentVersionId + " is no longer "
                        + Stage.CURRENT + "; another rotation finished first");
            }
            if (content.versions().stream().noneMatch(v -> v.versionId().equals(token) && v.value() != null)) {
                throw new RotationFailedException("secret " + secretId + ": version " + token + " has no value to promote");
            }
            List<Version> versions = new ArrayList<>();
            for (Version v : content.versions()) {
                Set<String> stages = without(without(v.stages(), Stage.PREVIOUS), Stage.CURRENT);
                if (v.versionId().equals(token)) {
                    stages = withStage(without(stages, Stage.PENDING), Stage.CURRENT);
                } else if (v.versionId().equals(currentVersionId)) {
                    stages = withStage(stages, Stage.PREVIOUS);
                }
                versions.add(new Version(v.versionId(), stages, v.createdAt(), v.value()));
            }
            // Versions with no label left are deprecated; keep the file small, as Secrets Manager does.
            versions.removeIf(v -> v.stages().isEmpty());
            return new SecretFile(content.rotationEnabled(), versions);
        });
    }

    @Override
    public void removeStage(String secretId, Stage stage, String versionId) {
        change(secretId, content -> {
            List<Version> versions = new ArrayList<>();
            for (Version v : content.versions()) {
                versions.add(v.versionId().equals(versionId) ? new Version(v.versionId(), without(v.stages(), stage), v.createdAt(), v.value()) : v);
            }
            return new SecretFile(content.rotationEnabled(), versions);
        });
    }

    /** Turns rotation on or off (an operator's switch, like Secrets Manager's CancelRotateSecret). */
    public void rotationEnabled(boolean enabled) {
        change(secretId(), content -> new SecretFile(enabled, content.versions()));
    }

    private SecretFile read(String secretId) {
        checkId(secretId);
        if (!Files.isRegularFile(file)) {
            throw new InvalidFieldException("--store", "no secret file at " + file);
        }
        try {
            return withStageNames(LocalJson.MAPPER.readValue(file.toFile(), new TypeReference<SecretFile>() { }));
        } catch (IOException e) {
            // Jackson's message may quote the file's content: name the file and the error type only.
            throw new EnvironmentException("cannot read the secret file " + file + " (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    private void change(String secretId, UnaryOperator<SecretFile> edit) {
        checkId(secretId);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            SecretFile before = read(secretId);
            SecretFile after = edit.apply(before);
            if (!after.equals(before)) {
                write(after);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot lock the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(SecretFile content) {
        byte[] json = LocalJson.write(content).getBytes(StandardCharsets.UTF_8);
        LocalJson.writeAtomically(file, json);
        Arrays.fill(json, (byte) 0);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new EnvironmentException("cannot restrict the secret file " + file + " to its owner: " + e.getMessage(), e);
        }
    }

    private void checkId(String secretId) {
        if (!secretId.equals(file.toString())) {
            throw new InvalidFieldException("secretId", "this store holds " + file + ", not " + secretId);
        }
    }

    /** The file as this release writes it: a Secrets Manager label an older release wrote becomes the stage's name. */
    private static SecretFile withStageNames(SecretFile content) {
        List<Version> versions = content.versions().stream().map(v -> new Version(v.versionId(), v.stages().stream()
                .map(label -> SecretsManagerSecretStore.stageOf(label).map(Stage::name).orElse(label))
                .collect(Collectors.toCollection(LinkedHashSet::new)), v.createdAt(), v.value())).toList();
        return new SecretFile(content.rotationEnabled(), versions);
    }

    private static Set<String> withStage(Set<String> stages, Stage stage) {
        Set<String> s = new LinkedHashSet<>(stages);
        s.add(stage.name());
        return s;
    }

    private static Set<String> without(Set<String> stages, Stage stage) {
        Set<String> s = new LinkedHashSet<>(stages);
        s.remove(stage.name());
        return s;
    }
}
