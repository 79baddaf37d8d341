package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.regex.Pattern;

/** A snapshot identifier valid on every backend: RDS rules (letter first, letters, digits, single hyphens, ≤ 255). */
public record SnapshotId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public SnapshotId {
        if (value == null || value.length() > 255 || !VALID.matcher(value).matches()) {
            throw new InvalidFieldException("snapshotId", "'" + value
                    + "' must be lowercase letters, digits and single hyphens, starting with a letter");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
