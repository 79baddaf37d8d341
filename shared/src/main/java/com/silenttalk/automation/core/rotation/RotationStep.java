package com.silenttalk.automation.core.rotation;

import java.util.Arrays;

/** The four steps, with the names Secrets Manager sends in {@code Step}. */
public enum RotationStep {
    CREATE("createSecret"),
    SET("setSecret"),
    TEST("testSecret"),
    FINISH("finishSecret");

    private final String eventName;

    RotationStep(String eventName) {
        this.eventName = eventName;
    }

    public String eventName() {
        return eventName;
    }

    public static RotationStep fromEventName(String name) {
        return Arrays.stream(values()).filter(s -> s.eventName.equals(name)).findFirst()
                .orElseThrow(() -> new RotationRejectedException("Step",
                        "unknown step '" + (name == null ? "null" : name.length() > 40 ? name.substring(0, 40) + "..." : name)
                                + "'; expected createSecret, setSecret, testSecret or finishSecret"));
    }
}
