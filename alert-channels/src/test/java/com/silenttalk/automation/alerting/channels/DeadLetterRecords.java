package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.DeadLettersContract.Kept;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.Delivery;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Dead-letter records ({@link AlertJson#deadLetter}) read back as a replay reads them, for the adapters' contract tests. */
public final class DeadLetterRecords {
    private DeadLetterRecords() {
    }

    public static Kept read(String record) {
        try {
            var r = AlertJson.MAPPER.readTree(record);
            return new Kept(r.path("channel").asText(), ChannelKind.valueOf(r.path("kind").asText()),
                    Delivery.Action.valueOf(r.path("action").asText()), r.path("rule").asText(),
                    new DedupeKey(r.path("alert").path("dedupeKey").asText()), r.path("reason").asText(),
                    Instant.parse(r.path("at").asText()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
