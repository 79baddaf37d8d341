package com.silenttalk.automation.alerting.channels.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.Severity;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every documented payload shape, replayed from src/test/resources/events. */
class AlertFixturesTest {
    private final AlertEventReader reader = new AlertEventReader();

    Alert alert(String path) {
        Normalised n = reader.read(AlertFixtures.bytes(path));
        assertThat(n).as(path).isInstanceOf(Normalised.Raised.class);
        return ((Normalised.Raised) n).alert();
    }

    @Test
    void read_whenCloudWatchMetricAlarm_normalisesEveryField() {
        Alert a = alert("cloudwatch/alarm-state-change-metric.json");
        assertThat(a.source()).isEqualTo(AlertSource.CLOUDWATCH_EVENT);
        assertThat(a.account()).isEqualTo("123456789012");
        assertThat(a.region()).isEqualTo("eu-west-1");
        assertThat(a.service()).isEqualTo("AWS/ECS");
        assertThat(a.resource()).isEqualTo("ClusterName=silenttalk-prod,ServiceName=api");
        assertThat(a.name()).isEqualTo("silenttalk-api-cpu-high");
        assertThat(a.metric()).isEqualTo("CPUUtilization");
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.changedAt()).isEqualTo(Instant.parse("2026-03-01T12:05:00.412Z"));
        assertThat(a.startedAt()).isEqualTo(a.changedAt());
        assertThat(a.tags()).containsEntry("service", "api");
        assertThat(a.consoleLink()).hasToString(
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/silenttalk-api-cpu-high");
        assertThat(a.details().get("reason")).startsWith("Threshold Crossed: 5 out of the last 5");
    }

    @Test
    void read_whenCloudWatchOk_pairsWithItsAlarmAndKeepsStart() {
        Alert firing = alert("cloudwatch/alarm-state-change-metric.json");
        Alert resolved = alert("cloudwatch/alarm-state-change-metric-ok.json");
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.dedupeKey()).isEqualTo(firing.dedupeKey());
        assertThat(resolved.startedAt()).isEqualTo(firing.changedAt());
        assertThat(resolved.changedAt()).isEqualTo(Instant.parse("2026-03-01T12:41:00.118Z"));
    }

    @Test
    void read_whenCompositeAlarm_usesAlarmArnAndRule() {
        Alert a = alert("cloudwatch/alarm-state-change-composite.json");
        assertThat(a.metric()).isEqualTo("composite");
        assertThat(a.service()).isEqualTo("AWS/CloudWatch");
        assertThat(a.resource()).isEqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:silenttalk-api-degraded");
        assertThat(a.details().get("alarmRule")).isEqualTo("ALARM(\"silenttalk-api-5xx\") OR ALARM(\"silenttalk-api-health-check\")");
        assertThat(a.severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void read_whenInsufficientData_isIgnored() {
        assertThat(reader.read(AlertFixtures.bytes("cloudwatch/alarm-state-change-insufficient-data.json")))
                .isInstanceOf(Normalised.Ignored.class);
    }

    @Test
    void read_whenSnsLambdaRecordAndHttpEnvelope_giveOnePairedAlarm() {
        Alert firing = alert("sns/lambda-sns-alarm.json");
        Alert resolved = alert("sns/http-notification-alarm-ok.json");
        assertThat(firing.source()).isEqualTo(AlertSource.CLOUDWATCH_SNS);
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.region()).isEqualTo("eu-west-1");
        assertThat(firing.service()).isEqualTo("AWS/RDS");
        assertThat(firing.metric()).isEqualTo("DatabaseConnections");
        assertThat(firing.resource()).isEqualTo("DBInstanceIdentifier=silenttalk-main");
        assertThat(firing.details()).containsEntry("threshold", "400").containsEntry("comparison", "GreaterThanThreshold");
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.dedupeKey()).isEqualTo(firing.dedupeKey());
    }

    @Test
    void read_whenSameAlarmViaEventBridgeAndSns_sameDedupeKey() {
        // The key is (account, region, alarm name): the delivery path does not change it.
        Alert viaSns = alert("sns/lambda-sns-alarm.json");
        assertThat(viaSns.dedupeKey().value()).startsWith("aws:");
        assertThat(viaSns.dedupeKey()).isEqualTo(
                com.silenttalk.automation.core.alerting.DedupeKey.of("aws", "123456789012", "eu-west-1", "silenttalk-db-connections-high"));
    }

    @Test
    void read_whenAzureMetricFiredAndResolved_pairs() {
        Alert fired = alert("azure-monitor/metric-alert-fired.json");
        Alert resolved = alert("azure-monitor/metric-alert-resolved.json");
        assertThat(fired.source()).isEqualTo(AlertSource.AZURE_METRIC);
        assertThat(fired.account()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(fired.service()).isEqualTo("microsoft.web/serverfarms");
        assertThat(fired.metric()).isEqualTo("CpuPercentage");
        assertThat(fired.severity()).isEqualTo(Severity.ERROR);
        assertThat(fired.region()).isEqualTo("unknown");
        assertThat(fired.tags()).containsEntry("team", "chat");
        assertThat(fired.details()).containsEntry("value", "84.25").containsEntry("threshold", "70");
        assertThat(fired.consoleLink().toString()).startsWith("https://portal.azure.com/#blade/Microsoft_Azure_Monitoring/AlertDetailsTemplateBlade/alertId/%2Fsubscriptions%2F");
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.startedAt()).isEqualTo(Instant.parse("2026-03-01T12:03:24.3713213Z"));
        assertThat(resolved.changedAt()).isEqualTo(Instant.parse("2026-03-01T12:38:16.2246313Z"));
        assertThat(resolved.dedupeKey()).isEqualTo(fired.dedupeKey());
    }

    @Test
    void read_whenAzureLogSearch_takesQueryAndWorkspace() {
        Alert a = alert("azure-monitor/log-search-alert-fired.json");
        assertThat(a.source()).isEqualTo(AlertSource.AZURE_LOG_SEARCH);
        assertThat(a.service()).isEqualTo("microsoft.operationalinsights/workspaces");
        assertThat(a.metric()).isEqualTo("log search");
        assertThat(a.details().get("query")).contains("Properties.outcome == 'FAILED'");
        assertThat(a.tags()).isEmpty();
    }

    @Test
    void read_whenAzureActivityLog_usesOperationName() {
        Alert a = alert("azure-monitor/activity-log-alert.json");
        assertThat(a.source()).isEqualTo(AlertSource.AZURE_ACTIVITY_LOG);
        assertThat(a.metric()).isEqualTo("Microsoft.DBforPostgreSQL/flexibleServers/restart/action");
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.details()).containsEntry("status", "Succeeded");
    }

    @Test
    void read_whenAzureResourceHealthUnavailable_fires() {
        Alert a = alert("azure-monitor/resource-health-alert.json");
        assertThat(a.source()).isEqualTo(AlertSource.AZURE_RESOURCE_HEALTH);
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.metric()).isEqualTo("ResourceHealth");
        assertThat(a.details()).containsEntry("currentHealthStatus", "Unavailable").containsEntry("previousHealthStatus", "Available");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "invalid/malformed.json|event: not valid JSON at line 1, column 79",
            "invalid/truncated-cloudwatch.json|event: truncated JSON at line",
            "invalid/empty.json|event: is empty, not JSON",
            "invalid/unknown-schema.json|detail-type: 'EC2 Instance State-change Notification' is not an alarm event",
            "invalid/azure-metric-alert-legacy-schema.json|schemaId: unsupported schema 'AzureMonitorMetricAlert'",
            "invalid/sns-subscription-confirmation.json|Type: SNS message type 'SubscriptionConfirmation' is not a notification",
            "invalid/azure-missing-essentials-field.json|data.essentials.monitorCondition: is missing"})
    void read_whenPayloadInvalid_failsWithOneLineNamingTheField(String path, String message) {
        assertThatThrownBy(() -> reader.read(AlertFixtures.bytes(path)))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void read_whenSnsMessageTruncated_namesTheMessageField() {
        String broken = new String(AlertFixtures.bytes("sns/lambda-sns-alarm.json")).replace("\\\"Trigger\\\"", "\\\"Trig");
        assertThatThrownBy(() -> reader.read(broken.getBytes()))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("Records[0].Sns.Message: ");
    }

}
