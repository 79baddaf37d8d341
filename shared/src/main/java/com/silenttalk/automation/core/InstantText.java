package com.silenttalk.automation.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants for people: UTC, to the second, with the zone spelled out ({@code 2026-12-07 03:04:05 UTC}). */
public final class InstantText {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private InstantText() {
    }

    public static String utc(Instant at) {
        return at == null ? "-" : UTC.format(at);
    }
}
