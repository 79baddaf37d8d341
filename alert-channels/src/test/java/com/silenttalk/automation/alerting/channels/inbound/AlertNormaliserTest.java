package com.silenttalk.automation.alerting.channels.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.Normalised;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Edge cases on hand-built trees; the documented payloads themselves are replayed from JSON
 * files in local's tests and in AlertFixturesTest.
 */
class AlertNormaliserTest {
    private final AlertNormaliser normaliser = new AlertNormaliser((field, json) -> {
        throw new InvalidFieldException(field, "not JSON in this test");
    });

    static Map<String, Object> cloudWatchEvent(String state) {
        Map<String, Object> metric = Map.of("name", "CPUUtilization", "namespace", "AWS/ECS",
                "dimensions", Map.of("ServiceName", "api", "ClusterName", "prod"));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alarmName", "api-cpu-high");
        detail.put("state", Map.of("value", state, "timestamp", "2026-03-01T12:05:00.123+0000", "reason", "Threshold Crossed"));
        detail.put("previousState", Map.of("value", "ALARM", "timestamp", "2026-03-01T12:00:00.000+0000"));
        detail.put("configuration", Map.of("metrics", List.of(Map.of("id", "m1", "metricStat",
                Map.of("metric", metric, "period", 60, "stat", "Average"), "returnData", true))));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("detail-type", "CloudWatch Alarm State Change");
        event.put("source", "aws.cloudwatch");
        event.put("account", "123456789012");
        event.put("time", "2026-03-01T12:05:00Z");
        event.put("region", "eu-west-1");
        event.put("resources", List.of("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-cpu-high"));
        event.put("detail", detail);
        return event;
    }

    @Test
    void normalise_whenCloudWatchOk_resolvesWithStartFromPreviousAlarm() {
        Alert alert = ((Normalised.Raised) normaliser.normalise(cloudWatchEvent("OK"))).alert();
        assertThat(alert.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(alert.startedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(alert.changedAt()).isEqualTo(Instant.parse("2026-03-01T12:05:00.123Z"));
        assertThat(alert.resource()).isEqualTo("ClusterName=prod,ServiceName=api");
        assertThat(alert.consoleLink().toString())
                .isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/api-cpu-high");
    }

    @Test
    void normalise_whenFiringAndResolved_shareTheDedupeKey() {
        Alert firing = ((Normalised.Raised) normaliser.normalise(cloudWatchEvent("ALARM"))).alert();
        Alert resolved = ((Normalised.Raised) normaliser.normalise(cloudWatchEvent("OK"))).alert();
        assertThat(firing.dedupeKey()).isEqualTo(resolved.dedupeKey());
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void normalise_whenInsufficientData_isIgnoredWithReason() {
        assertThat(normaliser.normalise(cloudWatchEvent("INSUFFICIENT_DATA")))
                .isEqualTo(new Normalised.Ignored("alarm api-cpu-high went to INSUFFICIENT_DATA: neither firing nor resolved"));
    }

    /** Found by the fuzz suite: the region becomes the console link's host, and URI.create failed (opsctl exit 70). */
    @Test
    void normalise_whenTheRegionIsNotARegion_failsNamingTheFieldEscaped() {
        Map<String, Object> event = cloudWatchEvent("ALARM");
        event.put("region", "e\u007fu\r\n-west-1");

        assertThatThrownBy(() -> normaliser.normalise(event)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("region: 'e\\u007Fu\\u000D\\u000A-west-1' is not an AWS region such as eu-west-1");
    }

    @Test
    void normalise_whenStateValueUnknown_failsNamingTheField() {
        assertThatThrownBy(() -> normaliser.normalise(cloudWatchEvent("PANIC")))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("detail.state.value: unknown alarm state 'PANIC'");
    }

    @Test
    void normalise_whenAlarmNameMissing_failsNamingTheField() {
        Map<String, Object> event = cloudWatchEvent("ALARM");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new LinkedHashMap<>((Map<String, Object>) event.get("detail"));
        detail.remove("alarmName");
        event.put("detail", detail);
        assertThatThrownBy(() -> normaliser.normalise(event)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("detail.alarmName: is missing");
    }

    @Test
    void normalise_whenTimestampIsNumber_failsNamingTheField() {
        Map<String, Object> event = cloudWatchEvent("ALARM");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = new LinkedHashMap<>((Map<String, Object>) event.get("detail"));
        detail.put("state", Map.of("value", "ALARM", "timestamp", 1700000000));
        event.put("detail", detail);
        assertThatThrownBy(() -> normaliser.normalise(event)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("detail.state.timestamp: must be a string, not a number");
    }

    @Test
    void normalise_whenOtherDetailType_failsNamingIt() {
        Map<String, Object> event = cloudWatchEvent("ALARM");
        event.put("detail-type", "EC2 Instance State-change Notification");
        assertThatThrownBy(() -> normaliser.normalise(event)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("detail-type: ");
    }

    @Test
    void normalise_whenUnknownShape_failsAsUnknownSchema() {
        assertThatThrownBy(() -> normaliser.normalise(Map.of("hello", "world"))).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("event: unknown schema");
        assertThatThrownBy(() -> normaliser.normalise(List.of(1, 2))).isInstanceOf(InvalidFieldException.class)
                .hasMessage("event: must be a JSON object");
    }

    @Test
    void normalise_whenAzureSchemaIdOther_failsNamingSchemaId() {
        assertThatThrownBy(() -> normaliser.normalise(Map.of("schemaId", "Microsoft.Insights/activityLogs", "data", Map.of())))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("schemaId: unsupported schema");
    }

    @Test
    void normalise_whenSnsMessageIsNotJson_failsWithTheParsersFieldError() {
        Map<String, Object> sns = Map.of("Type", "Notification", "TopicArn", "arn:aws:sns:eu-west-1:1:t", "Message", "{trunc");
        assertThatThrownBy(() -> normaliser.normalise(sns)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("Message: not JSON in this test");
    }
}
