package com.silenttalk.automation.aws.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.Severity;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalableServicesTest {
    static final Instant T = Instant.parse("2026-03-01T12:05:00Z");

    static Alert alarm(String namespace, String resource) {
        return new Alert(AlertSource.CLOUDWATCH_EVENT, "123456789012", "eu-west-1", namespace, resource, "app-server-cpu-low",
                "CPUUtilization", AlertState.FIRING, Severity.ERROR, "CPU below 30%", T, T, DedupeKey.of("aws", "app-server-cpu-low"),
                URI.create("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"), Map.of(), Map.of());
    }

    @Test
    void parse_whenEntriesAreClusterSlashService_listsEach() {
        ScalableServices services = ScalableServices.parse(" prod/server, prod/client ,");

        assertThat(services.targets()).containsExactlyInAnyOrder(new ScalingTarget("prod/server"), new ScalingTarget("prod/client"));
        assertThat(ScalableServices.parse("").isEmpty()).isTrue();
        assertThat(ScalableServices.parse(null).isEmpty()).isTrue();
    }

    @Test
    void parse_whenAnEntryIsNotClusterSlashService_failsNamingTheSetting() {
        for (String bad : new String[] {"prod", "prod/", "/server", "prod/server/extra"}) {
            assertThatThrownBy(() -> ScalableServices.parse("prod/client," + bad)).as(bad).isInstanceOf(InvalidFieldException.class)
                    .hasMessageStartingWith(ScalableServices.SETTING + ": ").hasMessageContaining(bad);
        }
    }

    @Test
    void targetOf_whenAnEcsAlarmNamesAListedService_isThatService() {
        ScalableServices services = ScalableServices.parse("prod/server");

        assertThat(services.targetOf(alarm("AWS/ECS", "ClusterName=prod,ServiceName=server"))).contains(new ScalingTarget("prod/server"));
        assertThat(services.targetOf(alarm("AWS/ECS", "ClusterName=prod,ServiceName=client"))).isEmpty();
        assertThat(services.targetOf(alarm("AWS/ECS", "ClusterName=staging,ServiceName=server"))).isEmpty();
        assertThat(services.targetOf(alarm("AWS/ECS", "ClusterName=prod"))).isEmpty();
        assertThat(services.targetOf(alarm("AWS/RDS", "ClusterName=prod,ServiceName=server"))).isEmpty();
    }
}
