package com.silenttalk.automation.core.drill;

import java.util.Objects;

/** One verification check and why it passed or failed. */
public record CheckResult(String name, boolean passed, String detail) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }
}
