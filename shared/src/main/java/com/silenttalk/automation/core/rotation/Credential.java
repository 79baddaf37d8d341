package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One credential as a secret version holds it: who logs in where, with which password, plus the
 * non-secret attributes the store keeps beside them (engine, port, dbname, masterarn...).
 * The password is a char array and never printed: {@link #toString()} leaves it out.
 */
public record Credential(String username, String host, char[] password, Map<String, String> attributes) {
    public Credential {
        if (username == null || username.isBlank()) {
            throw new InvalidFieldException("username", "must not be blank");
        }
        Objects.requireNonNull(host, "host");
        if (password == null || password.length == 0) {
            throw new InvalidFieldException("password", "must not be empty");
        }
        password = password.clone();
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        if (attributes.containsKey("password")) {
            throw new InvalidFieldException("attributes", "must not carry the password");
        }
    }

    public Credential withUserAndPassword(String otherUser, char[] otherPassword) {
        return new Credential(otherUser, host, otherPassword, attributes);
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    public boolean samePassword(Credential other) {
        return Arrays.equals(password, other.password);
    }

    /** Same login (user, host, password) and attributes. */
    public boolean sameAs(Credential other) {
        return other != null && username.equals(other.username) && host.equals(other.host)
                && samePassword(other) && attributes.equals(other.attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && sameAs(c);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, host, attributes);
    }

    @Override
    public String toString() {
        return "Credential[" + username + "@" + host + ", attributes=" + new TreeMap<>(attributes) + ", password=(redacted)]";
    }
}
