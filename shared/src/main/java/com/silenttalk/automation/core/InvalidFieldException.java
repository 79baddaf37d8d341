package com.silenttalk.automation.core;

/**
 * Bad input, with the field that is wrong. Entry points turn it into one clear line
 * (exit code 2, HTTP 400, or the DLQ) and do nothing else.
 */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same problem, with the field named from an outer path (e.g. a config section). */
    public InvalidFieldException under(String parent) {
        String problem = getMessage().substring(field.length() + 2);
        return new InvalidFieldException(parent + "." + field, problem);
    }
}
