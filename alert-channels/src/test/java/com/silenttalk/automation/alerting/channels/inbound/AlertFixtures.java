package com.silenttalk.automation.alerting.channels.inbound;

import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Normalised;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The alert payloads as the services document them, in this module's test-jar under
 * {@code events/<source>/} (cloudwatch, sns, azure-monitor, invalid) so that the AWS handler,
 * the Azure function and opsctl replay the same files.
 */
public final class AlertFixtures {
    private AlertFixtures() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = AlertFixtures.class.getResourceAsStream("/events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The fixture as a Lambda handler receives it: maps and lists. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> eventMap(String path) {
        try {
            return AlertJson.MAPPER.readValue(bytes(path), java.util.Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture normalised; fails if it is not an alert. */
    public static Alert alert(String path) {
        Normalised n = new AlertEventReader().read(bytes(path));
        if (!(n instanceof Normalised.Raised raised)) {
            throw new IllegalArgumentException("fixture events/" + path + " is not an alert: " + n);
        }
        return raised.alert();
    }
}
