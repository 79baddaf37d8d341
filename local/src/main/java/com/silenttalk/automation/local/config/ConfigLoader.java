package com.silenttalk.automation.local.config;

import com.silenttalk.automation.core.DurationText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.StrictYaml;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads opsctl.yaml, applies {@code OPSCTL_CFG_<SECTION>_<KEY>} environment overrides, and
 * validates every value. Every error names the key (or the variable) that is wrong.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "OPSCTL_CFG_";
    /** Databases one configuration lists for {@code snapshot --all} beside {@code source.url}. */
    public static final int MAX_SOURCES = 1000;
    private static final java.util.regex.Pattern REGION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,63}");

    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("stateDir", "clustersDir", "source", "sources", "backup", "regions", "drill", "s3", "status"),
            "source", Set.of("database", "url", "passwordEnv", "requireTls"),
            "backup", Set.of("interval", "retention", "minVerifiedKept", "compression", "jobs", "timeout"),
            "regions", Set.of("primary", "copies"),
            "drill", Set.of("region", "rtoTarget", "rpoTarget", "requireTls", "probes"),
            "s3", Set.of("endpoint", "region", "pathStyle", "accessKeyIdEnv", "secretAccessKeyEnv", "lockMode",
                    "lockRetention"),
            "status", Set.of("snapshotGrace", "drillMaxAge", "rotationInterval", "deadLetterHorizon"));

    private ConfigLoader() {
    }

    /**
     * @param file     the YAML file, or null for defaults only
     * @param baseDir  where relative paths start (the working directory)
     */
    public static OpsConfig load(Path file, Map<String, String> env, Path baseDir) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidFieldException("--config", "file " + file + " does not exist");
            }
            try {
                root = StrictYaml.read(Files.readAllBytes(file), file.toString(), "config");
            } catch (IOException e) {
                throw new InvalidFieldException("config", "cannot read " + file + ": " + e.getClass().getSimpleName());
            }
        }
        applyOverrides(root, env);
        checkKeys(root, "");
        return build(root, baseDir);
    }

    private static void applyOverrides(ObjectNode root, Map<String, String> env) {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            String rest = e.getKey().substring(ENV_PREFIX.length());
            String[] parts = rest.split("_", 2);
            String section = match(KEYS.get("").stream().filter(k -> KEYS.containsKey(k)).toList(), parts[0]);
            if (parts.length == 1) {
                String top = match(List.copyOf(KEYS.get("")), parts[0]);
                if (top == null || KEYS.containsKey(top) || top.equals("sources")) {
                    throw new InvalidFieldException(e.getKey(), "does not name a configuration key");
                }
                root.put(top, e.getValue());
                continue;
            }
            if (section == null) {
                throw new InvalidFieldException(e.getKey(), "does not name a configuration section (" + sections() + ")");
            }
            String key = match(List.copyOf(KEYS.get(section)), parts[1]);
            if (key == null || key.equals("probes") || key.equals("copies")) {
                throw new InvalidFieldException(e.getKey(), "does not name a scalar key of section " + section);
            }
            JsonNode existing = root.get(section);
            ObjectNode sectionNode = existing instanceof ObjectNode o ? o : root.putObject(section);
            sectionNode.put(key, e.getValue());
        }
    }

    private static String match(List<String> candidates, String envPart) {
        String wanted = envPart.replace("_", "").toLowerCase(Locale.ROOT);
        return candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(wanted)).findFirst().orElse(null);
    }

    private static String sections() {
        return String.join(", ", new TreeSet<>(KEYS.keySet()).stream().filter(s -> !s.isEmpty()).toList());
    }

    private static void checkKeys(JsonNode node, String section) {
        Set<String> allowed = KEYS.get(section);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String path = section.isEmpty() ? name : section + "." + name;
            if (!allowed.contains(name)) {
                throw new InvalidFieldException(path, "unknown key (known keys" + (section.isEmpty() ? "" : " of " + section)
                        + ": " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (section.isEmpty() && KEYS.containsKey(name)) {
                JsonNode child = node.get(name);
                if (!child.isObject() && !child.isNull()) {
                    throw new InvalidFieldException(path, "must be a mapping");
                }
                if (child.isObject()) {
                    checkKeys(child, name);
                }
            }
        }
    }

    private static OpsConfig build(JsonNode root, Path baseDir) {
        Path stateDir = path(root, "stateDir", baseDir, baseDir.resolve("opsctl-data"));
        Path clustersDir = path(root, "clustersDir", baseDir, null);

        JsonNode src = section(root, "source");
        DatabaseId database = null;
        String label = text(src, "source.database", null);
        if (label != null) {
            try {
                database = new DatabaseId(label);
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("source.database", e.problem());
            }
        }
        OpsConfig.Source source = new OpsConfig.Source(database, text(src, "source.url", null),
                text(src, "source.passwordEnv", "OPSCTL_SOURCE_PASSWORD"), bool(src, "source.requireTls", false));

        JsonNode b = section(root, "backup");
        Duration interval = duration(b, "backup.interval", BackupPolicy.DEFAULT_INTERVAL);
        Duration retention = duration(b, "backup.retention", BackupPolicy.DEFAULT_RETENTION);
        int minVerified = integer(b, "backup.minVerifiedKept", 1, 1, 1000);
        int compression = integer(b, "backup.compression", 1, 0, 9);
        int jobs = integer(b, "backup.jobs", 2, 1, 64);
        Duration timeout = duration(b, "backup.timeout", Duration.ofHours(2));

        JsonNode r = section(root, "regions");
        if (r.get("primary") != null && OpsConfig.Bucket.isUri(r.get("primary").asText())) {
            throw new InvalidFieldException("regions.primary", "must be a directory: dumps are written locally, then copied"
                    + " to s3:// regions under regions.copies");
        }
        Path primary = path(r, "regions.primary", stateDir, stateDir.resolve("regions").resolve("primary"));
        Map<String, Path> copies = new LinkedHashMap<>();
        Map<String, OpsConfig.Bucket> buckets = new LinkedHashMap<>();
        List<String> copyNames = new ArrayList<>();
        JsonNode copiesNode = r.get("copies");
        if (copiesNode == null || copiesNode.isNull()) {
            copies.put("dr", stateDir.resolve("regions").resolve("dr"));
            copyNames.add("dr");
        } else if (!copiesNode.isObject()) {
            throw new InvalidFieldException("regions.copies", "must be a mapping of region name to a directory or s3://bucket/prefix");
        } else {
            copiesNode.fields().forEachRemaining(e -> {
                String path = "regions.copies." + e.getKey();
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    throw new InvalidFieldException(path, "must be a directory path or s3://bucket/prefix");
                }
                if (e.getKey().equals("primary")) {
                    throw new InvalidFieldException("regions.copies.primary", "'primary' names the primary region");
                }
                if (!REGION_NAME.matcher(e.getKey()).matches()) {
                    throw new InvalidFieldException(path, "a region name is 1-63 letters, digits, '-' or '_'");
                }
                String location = e.getValue().asText();
                if (OpsConfig.Bucket.isUri(location)) {
                    try {
                        buckets.put(e.getKey(), OpsConfig.Bucket.parse(location));
                    } catch (IllegalArgumentException bad) {
                        throw new InvalidFieldException(path, bad.getMessage());
                    }
                } else {
                    copies.put(e.getKey(), directory(e.getValue(), path, stateDir));
                }
                copyNames.add(e.getKey());
            });
        }
        Map<Object, String> regionOf = new LinkedHashMap<>();
        regionOf.put(primary, "regions.primary");
        copies.forEach((name, dir) -> sameRegion(regionOf, dir, name));
        buckets.forEach((name, bucket) -> sameRegion(regionOf, bucket, name));
        BackupPolicy policy;
        try {
            policy = new BackupPolicy(interval, retention, minVerified, List.copyOf(copyNames));
        } catch (InvalidFieldException e) {
            throw e.under("backup");
        }

        JsonNode d = section(root, "drill");
        String drillRegion = text(d, "drill.region", copyNames.isEmpty() ? "primary" : copyNames.get(0));
        if (!drillRegion.equals("primary") && !copyNames.contains(drillRegion)) {
            throw new InvalidFieldException("drill.region", UntrustedText.quoted(drillRegion) + " is not a configured region (primary, "
                    + String.join(", ", copyNames) + ")");
        }
        DrillTargets targets = new DrillTargets(duration(d, "drill.rtoTarget", DrillTargets.DEFAULT.rto()),
                duration(d, "drill.rpoTarget", DrillTargets.DEFAULT.rpo()));
        boolean requireTls = bool(d, "drill.requireTls", false);
        List<SqlProbe> probes = probes(d.get("probes"));

        OpsConfig.ObjectStore objectStore = objectStore(section(root, "s3"));
        JsonNode st = section(root, "status");
        OpsConfig.Status status = new OpsConfig.Status(
                duration(st, "status.snapshotGrace", OpsConfig.Status.DEFAULTS.snapshotGrace()),
                duration(st, "status.drillMaxAge", OpsConfig.Status.DEFAULTS.drillMaxAge()),
                duration(st, "status.rotationInterval", OpsConfig.Status.DEFAULTS.rotationInterval()),
                duration(st, "status.deadLetterHorizon", OpsConfig.Status.DEFAULTS.deadLetterHorizon()));
        return new OpsConfig(stateDir, clustersDir, source,
                new OpsConfig.Backup(policy, compression, jobs, timeout),
                new OpsConfig.Regions("primary", primary, copies, buckets, objectStore),
                new OpsConfig.Drill(drillRegion, targets, requireTls, probes), status, sources(root.get("sources"), source));
    }

    private static final Set<String> SOURCE_ENTRY_KEYS = Set.of("url", "database", "passwordEnv");

    /** {@code sources}: further databases for {@code snapshot --all}, each {url, database?, passwordEnv?}. */
    private static List<OpsConfig.Source> sources(JsonNode node, OpsConfig.Source first) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidFieldException("sources", "must be a list of mappings with url (and optionally database, passwordEnv)");
        }
        if (node.size() > MAX_SOURCES) {
            throw new InvalidFieldException("sources", "at most " + MAX_SOURCES + " databases, got " + node.size());
        }
        List<OpsConfig.Source> sources = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "sources[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                throw new InvalidFieldException(at, "must be a mapping with url (and optionally database, passwordEnv)");
            }
            Iterator<String> names = entry.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!SOURCE_ENTRY_KEYS.contains(name)) {
                    throw new InvalidFieldException(at + "." + name, "unknown key (known keys of " + at + ": "
                            + String.join(", ", new TreeSet<>(SOURCE_ENTRY_KEYS)) + ")");
                }
            }
            String url = text(entry, at + ".url", null);
            if (url == null || url.isBlank()) {
                throw new InvalidFieldException(at + ".url", "is required: postgresql://user@host:port/database");
            }
            String label = text(entry, at + ".database", null);
            DatabaseId database = null;
            if (label != null) {
                try {
                    database = new DatabaseId(label);
                } catch (InvalidFieldException e) {
                    throw new InvalidFieldException(at + ".database", e.problem());
                }
            }
            sources.add(new OpsConfig.Source(database, url, text(entry, at + ".passwordEnv", first.passwordEnv()),
                    first.requireTls()));
        }
        return sources;
    }

    private static OpsConfig.ObjectStore objectStore(JsonNode s3) {
        OpsConfig.ObjectStore defaults = OpsConfig.ObjectStore.DEFAULT;
        String endpoint = text(s3, "s3.endpoint", null);
        String mode = text(s3, "s3.lockMode", defaults.lockMode()).toUpperCase(Locale.ROOT);
        if (!mode.equals("COMPLIANCE") && !mode.equals("GOVERNANCE")) {
            throw new InvalidFieldException("s3.lockMode", "must be COMPLIANCE or GOVERNANCE, got " + UntrustedText.quoted(mode));
        }
        Duration lockRetention = duration(s3, "s3.lockRetention", null);
        if (lockRetention != null && (lockRetention.isZero() || lockRetention.isNegative())) {
            throw new InvalidFieldException("s3.lockRetention", "must be a positive duration");
        }
        return new OpsConfig.ObjectStore(endpoint == null ? null : AwsEnvironment.url("s3.endpoint", endpoint),
                text(s3, "s3.region", defaults.region()), bool(s3, "s3.pathStyle", defaults.pathStyle()),
                text(s3, "s3.accessKeyIdEnv", defaults.accessKeyIdEnv()),
                text(s3, "s3.secretAccessKeyEnv", defaults.secretAccessKeyEnv()), mode, lockRetention);
    }

    private static List<SqlProbe> probes(JsonNode node) {
        List<SqlProbe> probes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return probes;
        }
        if (!node.isArray()) {
            throw new InvalidFieldException("drill.probes", "must be a list of {name, sql, expect}");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode p = node.get(i);
            String path = "drill.probes[" + i + "]";
            if (!p.isObject()) {
                throw new InvalidFieldException(path, "must be a mapping with name, sql and expect");
            }
            p.fieldNames().forEachRemaining(k -> {
                if (!Set.of("name", "sql", "expect").contains(k)) {
                    throw new InvalidFieldException(path + "." + k, "unknown key (known keys: expect, name, sql)");
                }
            });
            try {
                probes.add(new SqlProbe(textOrNull(p.get("name")), textOrNull(p.get("sql")), textOrNull(p.get("expect"))));
            } catch (InvalidFieldException e) {
                throw e.under(path);
            }
        }
        return probes;
    }

    private static JsonNode section(JsonNode root, String name) {
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? JsonNodeFactory.instance.objectNode() : n;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String text(JsonNode section, String path, String fallback) {
        JsonNode n = section.get(leaf(path));
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new InvalidFieldException(path, "must be a non-empty string" + (n.isValueNode() && !n.isTextual()
                    ? ", got the " + n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + UntrustedText.quoted(n.asText())
                    + " (quote it if it is meant as text)" : ""));
        }
        return n.asText();
    }

    private static Duration duration(JsonNode section, String path, Duration fallback) {
        JsonNode n = section.get(leaf(path));
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isValueNode()) {
            throw new InvalidFieldException(path, "must be a duration such as 6h, 30m or 30d, not a " + (n.isArray() ? "list" : "mapping"));
        }
        return DurationText.parse(path, n.asText());
    }

    private static int integer(JsonNode section, String path, int fallback, int min, int max) {
        JsonNode n = section.get(leaf(path));
        if (n == null || n.isNull()) {
            return fallback;
        }
        java.math.BigInteger value;
        try {
            value = new java.math.BigInteger(n.asText().strip());
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(path, "must be a whole number, got " + UntrustedText.quoted(n.asText()));
        }
        if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0 || value.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new InvalidFieldException(path, "must be between " + min + " and " + max + ", got " + UntrustedText.excerpt(value));
        }
        return value.intValueExact();
    }

    private static boolean bool(JsonNode section, String path, boolean fallback) {
        JsonNode n = section.get(leaf(path));
        if (n == null || n.isNull()) {
            return fallback;
        }
        String t = n.asText().strip().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw new InvalidFieldException(path, "must be true or false, got " + UntrustedText.quoted(n.asText()));
    }

    private static Path path(JsonNode section, String key, Path base, Path fallback) {
        JsonNode n = section.get(leaf(key));
        if (n == null || n.isNull()) {
            return fallback;
        }
        return directory(n, key, base);
    }

    /** A copy kept where the primary or another copy already is would be no copy at all. */
    private static void sameRegion(Map<Object, String> regionOf, Object location, String name) {
        String other = regionOf.putIfAbsent(location, "regions.copies." + name);
        if (other != null) {
            throw new InvalidFieldException("regions.copies." + name, "is the same place as " + other + " (" + location
                    + "); a copy must go to another region");
        }
    }

    /** A directory opsctl may create: a path string that, if something is already there, is a directory. */
    private static Path directory(JsonNode n, String key, Path base) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new InvalidFieldException(key, "must be a directory path");
        }
        Path dir;
        try {
            dir = base.resolve(n.asText()).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidFieldException(key, "is not a usable path: " + UntrustedText.quoted(n.asText()) + " (" + e.getReason() + ")");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidFieldException(key, dir + " exists and is not a directory");
        }
        return dir;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
