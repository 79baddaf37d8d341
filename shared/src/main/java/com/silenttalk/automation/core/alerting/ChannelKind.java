package com.silenttalk.automation.core.alerting;

/** The kinds of notification channel; each runner supplies an {@link AlertSink} per kind. */
public enum ChannelKind {
    /** Slack incoming webhook, Block Kit message. */
    SLACK,
    /** Microsoft Teams incoming webhook (Workflows), Adaptive Card. */
    TEAMS,
    /** PagerDuty Events API v2: trigger and resolve share the dedup_key, so they are one incident. */
    PAGERDUTY,
    /** E-mail through an SNS topic (an AWS-side sink). */
    SNS_EMAIL;

    /** Whether the channel itself pairs a resolution with its firing (one incident or thread). */
    public boolean pairsResolution() {
        return this == PAGERDUTY;
    }
}
