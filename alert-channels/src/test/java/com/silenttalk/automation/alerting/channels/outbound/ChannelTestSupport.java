package com.silenttalk.automation.alerting.channels.outbound;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A WireMock on 127.0.0.1, a transport that records its waits instead of sleeping, and fixture alerts. */
public class ChannelTestSupport {
    public static final Instant NOW = Instant.parse("2026-03-01T12:06:00Z");
    /** Secrets as they look in real life; tests assert they never leak. */
    public static final String SLACK_PATH = "/services/T0SILENT/B0TALK42/abcdefSECRETtoken123456";
    public static final String TEAMS_PATH = "/workflows/7f3c1d2e9a8b4c5d/triggers/manual/paths/invoke?sig=TEAMSsecretSIG987654321";
    public static final String ROUTING_KEY = "R0UTINGKEYsecret0123456789abcdef";

    protected final WireMockServer wireMock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    protected final List<Duration> waits = new ArrayList<>();

    protected void start() {
        wireMock.start();
    }

    protected void stop() {
        wireMock.stop();
    }

    protected String base() {
        return "http://127.0.0.1:" + wireMock.port();
    }

    protected WebhookTransport transport() {
        return new WebhookTransport(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                WebhookTransport.RetryPolicy.DEFAULT, waits::add, () -> 0.5, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    protected WebhookSecrets secrets() {
        return new WebhookSecrets(Map.of(
                "ops-slack", new ChannelEndpoint(new Channel("ops-slack", ChannelKind.SLACK), "SLACK_URL"),
                "ops-teams", new ChannelEndpoint(new Channel("ops-teams", ChannelKind.TEAMS), "TEAMS_URL"),
                "oncall", new ChannelEndpoint(new Channel("oncall", ChannelKind.PAGERDUTY), "PD_KEY")),
                Map.of("SLACK_URL", base() + SLACK_PATH, "TEAMS_URL", base() + TEAMS_PATH, "PD_KEY", ROUTING_KEY));
    }

    public static Alert fixture(String path) {
        return AlertFixtures.alert(path);
    }

    public static Delivery delivery(String fixture, String channel, ChannelKind kind, String note) {
        return new Delivery(fixture(fixture), new Channel(channel, kind), "capacity", note);
    }
}
