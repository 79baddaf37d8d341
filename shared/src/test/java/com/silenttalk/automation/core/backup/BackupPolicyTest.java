package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {
    @Test
    void defaults_whenBuilt_areSixHoursThirtyDaysOneVerified() {
        BackupPolicy policy = BackupPolicy.defaults(List.of("eu-central-1"));

        assertThat(policy.interval()).isEqualTo(Duration.ofHours(6));
        assertThat(policy.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.minVerifiedKept()).isEqualTo(1);
        assertThat(policy.copyTargets()).containsExactly("eu-central-1");
    }

    @Test
    void steadyStateSnapshotCount_whenDefaults_isOneHundredTwentyOne() {
        assertThat(BackupPolicy.defaults(List.of()).steadyStateSnapshotCount()).isEqualTo(121);
    }

    @Test
    void constructor_whenCopyTargetsListChangesLater_keepsItsOwnCopy() {
        List<String> targets = new ArrayList<>(List.of("eu-central-1"));
        BackupPolicy policy = BackupPolicy.defaults(targets);
        targets.add("us-east-1");

        assertThat(policy.copyTargets()).containsExactly("eu-central-1");
        assertThatThrownBy(() -> policy.copyTargets().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_whenCopyTargetBlankOrNull_throwsNamingCopyTargets() {
        for (List<String> bad : List.of(List.of(" "), Arrays.asList("eu-central-1", null))) {
            assertThatThrownBy(() -> BackupPolicy.defaults(bad))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("copyTargets"));
        }
    }

    @Test
    void constructor_whenIntervalUnderFifteenMinutes_throwsNamingInterval() {
        assertThatThrownBy(() -> new BackupPolicy(Duration.ofMinutes(14), Duration.ofDays(1), 1, List.of()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("interval"))
                .hasMessageContaining("15m");
    }

    @Test
    void constructor_whenNullDurations_throwsNamingTheField() {
        assertThatThrownBy(() -> new BackupPolicy(null, Duration.ofDays(1), 1, List.of()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("interval"));
        assertThatThrownBy(() -> new BackupPolicy(Duration.ofHours(6), null, 1, List.of()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("retention"));
    }

    @Test
    void constructor_whenRetentionEqualsInterval_isAccepted() {
        assertThat(new BackupPolicy(Duration.ofHours(6), Duration.ofHours(6), 1, List.of()).steadyStateSnapshotCount())
                .isEqualTo(2);
    }

    @Test
    void under_whenNestedInAConfigSection_prefixesTheField() {
        InvalidFieldException e = new InvalidFieldException("retention", "must be a positive duration").under("backup");

        assertThat(e.field()).isEqualTo("backup.retention");
        assertThat(e).hasMessage("backup.retention: must be a positive duration");
    }
}
