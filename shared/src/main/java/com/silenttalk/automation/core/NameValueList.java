package com.silenttalk.automation.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A setting written {@code "a=x, b=y"}: names to values, in order; every item needs both sides. */
public final class NameValueList {
    private NameValueList() {
    }

    public static Map<String, String> parse(String field, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new InvalidFieldException(field, UntrustedText.quoted(item) + " is not name=value");
            }
            if (out.put(kv[0].trim(), kv[1].trim()) != null) {
                throw new InvalidFieldException(field, "names '" + kv[0].trim() + "' twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
