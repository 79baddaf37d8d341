package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The suite's stable name for a database it looks after (an RDS identifier, a Flexible Server name, a local label). */
public record DatabaseId(String value) {
    private static final int MAX_LENGTH = 40;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final int HASH_HEX = 8;

    public DatabaseId {
        if (value == null || value.length() > MAX_LENGTH || !VALID.matcher(value).matches()) {
            throw new InvalidFieldException("database", "'" + value
                    + "' must be 1-40 lowercase letters, digits and single hyphens, starting with a letter");
        }
    }

    /**
     * The label of a PostgreSQL database, from its name. A name that is already a valid label is
     * its own label; any other ({@code rw_drop}, {@code "Sales EU"}, {@code 2024}) becomes its
     * letters and digits joined by hyphens, plus a hash of the exact name, so that two names that
     * read alike ({@code rw_drop}, {@code rw-drop}, {@code RW_DROP}) never share a label.
     */
    public static DatabaseId forDatabaseName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidFieldException("database", "a PostgreSQL database name must not be empty");
        }
        if (name.length() <= MAX_LENGTH && VALID.matcher(name).matches()) {
            return new DatabaseId(name);
        }
        String readable = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (readable.isEmpty() || !Character.isLetter(readable.charAt(0))) {
            readable = readable.isEmpty() ? "db" : "db-" + readable;
        }
        int room = MAX_LENGTH - HASH_HEX - 1;
        if (readable.length() > room) {
            readable = readable.substring(0, room).replaceAll("-+$", "");
        }
        return new DatabaseId(readable + "-" + hash(name));
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
