package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The suite's stable name for a database it looks after (an RDS identifier, a Flexible Server name, a local label). */
public record DatabaseId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public DatabaseId {
        if (value == null || value.length() > 40 || !VALID.matcher(value).matches()) {
            throw new InvalidFieldException("database", "'" + value
                    + "' must be 1-40 lowercase letters, digits and single hyphens, starting with a letter");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
