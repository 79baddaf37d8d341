package com.silenttalk.automation.core.alerting;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Alerts for core tests: one CloudWatch-like alarm per name. */
final class TestAlerts {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private TestAlerts() {
    }

    static Alert alert(String name, AlertState state, Instant changedAt) {
        return alert(name, state, changedAt, Severity.ERROR, "AWS/ECS", "ClusterName=prod,ServiceName=api");
    }

    static Alert alert(String name, AlertState state, Instant changedAt, Severity severity, String service, String resource) {
        return new Alert(AlertSource.CLOUDWATCH_EVENT, "123456789012", "eu-west-1", service, resource, name,
                "CPUUtilization", state, severity, null, changedAt, changedAt,
                DedupeKey.of("aws", "123456789012", "eu-west-1", name),
                URI.create("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"), Map.of(), Map.of());
    }

    static Alert firing(String name, Instant at) {
        return alert(name, AlertState.FIRING, at);
    }

    static Alert resolved(String name, Instant at) {
        return alert(name, AlertState.RESOLVED, at);
    }
}
