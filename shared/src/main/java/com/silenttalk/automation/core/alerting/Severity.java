package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.Locale;

/**
 * One severity scale for every source, ordered from the most to the least urgent. The names
 * are PagerDuty's Events API v2 severities; Azure's Sev0..Sev4 map onto them.
 */
public enum Severity {
    CRITICAL,
    ERROR,
    WARNING,
    INFO;

    /** Lower-case name, as PagerDuty and the rules file spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads "critical", "error", "warning", "info" (any case) or Azure's "Sev0".."Sev4".
     *
     * @param field the input field, named in the error
     */
    public static Severity parse(String field, String text) {
        if (text == null) {
            throw new InvalidFieldException(field, "is missing");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "critical", "sev0" -> CRITICAL;
            case "error", "sev1" -> ERROR;
            case "warning", "sev2" -> WARNING;
            case "info", "informational", "sev3", "sev4", "verbose" -> INFO;
            default -> throw new InvalidFieldException(field,
                    "unknown severity " + UntrustedText.quoted(text) + " (critical, error, warning, info or Sev0..Sev4)");
        };
    }
}
