package com.silenttalk.automation.aws.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.TestSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler's SnapStart priming runs the real invocation path offline (SnapStartPrimingTest: and calls nothing). */
class SchedulerPrimingTest {
    @Test
    @SuppressWarnings("unchecked")
    void firstCall_whenPrimed_takesASnapshotOfEachConfiguredDatabaseOnTheCannedClients() {
        AwsSettings settings = TestSettings.settings();
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T06:00:00Z"), ZoneOffset.UTC);

        Map<String, Object> out = SchedulerPriming.firstCall(settings, clock);

        List<Map<String, Object>> snapshots = (List<Map<String, Object>>) out.get("snapshots");
        assertThat(snapshots).extracting(s -> s.get("database"))
                .containsExactlyInAnyOrderElementsOf(settings.databases().keySet().stream().map(d -> d.value()).toList());
        assertThat(out.get("skipped")).asList().isEmpty();
        assertThat(out).containsEntry("pruned", false);
    }
}
