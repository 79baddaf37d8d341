package com.silenttalk.automation.alerting.channels.outbound;

import java.net.URI;

/**
 * The PagerDuty service region an account lives in. Its Events API has one URL per region, and an
 * EU account's routing key is not accepted by the US one, so the region is a channel setting
 * ({@code region: eu} in the rules file).
 */
public enum PagerDutyRegion {
    US("https://events.pagerduty.com/v2/enqueue"),
    EU("https://events.eu.pagerduty.com/v2/enqueue");

    private final URI eventsUrl;

    PagerDutyRegion(String eventsUrl) {
        this.eventsUrl = URI.create(eventsUrl);
    }

    /** The Events API v2 enqueue URL of this region. */
    public URI eventsUrl() {
        return eventsUrl;
    }
}
