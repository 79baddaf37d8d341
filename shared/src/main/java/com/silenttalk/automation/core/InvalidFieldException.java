package com.silenttalk.automation.core;

/**
 * Bad input, with the field that is wrong. Entry points turn it into one clear line
 * (exit code 2, HTTP 400, or the DLQ) and do nothing else.
 *
 * <p>The field and the problem often quote input, so both are made safe here, once for every
 * caller: control and bidi characters escaped ({@link UntrustedText}), the field cut to
 * {@value UntrustedText#MAX_CHARS} characters and the problem to {@value #MAX_PROBLEM_CHARS}.
 * Values quoted inside a problem should still go through {@link UntrustedText#quoted} so that a
 * long one does not push the explanation off the end.
 */
public class InvalidFieldException extends IllegalArgumentException {
    static final int MAX_PROBLEM_CHARS = 1000;

    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        super(UntrustedText.excerpt(field) + ": " + UntrustedText.bounded(problem, MAX_PROBLEM_CHARS));
        this.field = UntrustedText.excerpt(field);
        this.problem = UntrustedText.bounded(problem, MAX_PROBLEM_CHARS);
    }

    public String field() {
        return field;
    }

    /** The message without the field. */
    public String problem() {
        return problem;
    }

    /** The same problem, with the field named from an outer path (e.g. a config section). */
    public InvalidFieldException under(String parent) {
        // escaping is idempotent: the safe field and problem pass through unchanged
        return new InvalidFieldException(parent + "." + field, problem);
    }
}
