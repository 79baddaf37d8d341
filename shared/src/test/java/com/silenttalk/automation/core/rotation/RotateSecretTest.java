package com.silenttalk.automation.core.rotation;

import static com.silenttalk.automation.core.rotation.RotationFixtures.OLD;
import static com.silenttalk.automation.core.rotation.RotationFixtures.SECRET;
import static com.silenttalk.automation.core.rotation.RotationFixtures.TOKEN;
import static com.silenttalk.automation.core.rotation.RotationFixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotateSecretTest {

    @Test
    void rotate_whenSingleUser_changesThePasswordAndMovesCurrentOnce() {
        RotationFixtures f = RotationFixtures.singleUser();
        var results = f.useCase().rotate(SECRET, TOKEN);

        assertThat(results).extracting(StepResult::action).containsExactly("created", "set", "tested", "promoted");
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        assertThat(current.username()).isEqualTo("app");
        assertThat(current.samePassword(new Credential("app", "h", OLD, Map.of()))).isFalse();
        assertThat(f.target.accepts("app", current.password())).isTrue();
        assertThat(f.target.accepts("app", OLD)).isFalse();
        assertThat(f.store.promotions()).containsExactly(TOKEN);
        assertThat(f.store.describe(SECRET).stagesOf(V1)).containsExactly(Stage.PREVIOUS);
        assertThat(f.store.versionsWith(Stage.PENDING)).isZero();
    }

    @Test
    void rotate_whenAlternatingUsers_setsTheTwinAndKeepsTheCurrentLoginWorking() {
        RotationFixtures f = RotationFixtures.alternating();
        f.useCase().step(new RotationEvent(SECRET, TOKEN, RotationStep.CREATE));
        f.useCase().step(new RotationEvent(SECRET, TOKEN, RotationStep.SET));

        assertThat(f.target.accepts("app", OLD)).isTrue();
        f.useCase().step(new RotationEvent(SECRET, TOKEN, RotationStep.TEST));
        f.useCase().step(new RotationEvent(SECRET, TOKEN, RotationStep.FINISH));

        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        assertThat(current.username()).isEqualTo("app_clone");
        assertThat(f.target.accepts("app_clone", current.password())).isTrue();
        assertThat(f.target.accepts("app", OLD)).as("previous login valid until the next rotation").isTrue();
        assertThat(f.target.profile(f.admin, "app_clone").entries()).containsExactly("grant:table:public.orders:SELECT");
    }

    @Test
    void startingWithValue_whenTheStoreCreatesVersionsOnlyWithAValue_writesThePendingOnceAndCreateFindsIt() {
        RotationFixtures f = RotationFixtures.singleUser();
        String token = "99999999-0000-4000-8000-000000000009";
        RotateSecret rotation = f.useCase();

        rotation.begin(rotation.startingWithValue(), SECRET, token);
        int writes = f.store.writes();
        rotation.begin(rotation.startingWithValue(), SECRET, token);

        assertThat(f.store.writes()).as("a second start with the same token writes nothing").isEqualTo(writes);
        assertThat(f.store.describe(SECRET).stagesOf(token)).containsExactly(Stage.PENDING);
        assertThat(rotation.rotate(SECRET, token)).extracting(StepResult::action)
                .containsExactly("already-created", "set", "tested", "promoted");
        assertThat(f.store.promotions()).containsExactly(token);
    }

    @Test
    void test_whenTwinsDrifted_failsAndLeavesCurrent() {
        RotationFixtures f = RotationFixtures.alternating();
        f.step(RotationStep.CREATE);
        f.step(RotationStep.SET);
        f.target.grant("app", "grant:table:public.refunds:INSERT");

        assertThatThrownBy(() -> f.step(RotationStep.TEST))
                .isInstanceOf(RotationFailedException.class)
                .hasMessageContaining("app only: grant:table:public.refunds:INSERT");
        assertThat(f.store.promotions()).isEmpty();
    }

    @Test
    void step_whenTokenAlreadyCurrent_returnsEarlyWithoutWrites() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.useCase().rotate(SECRET, TOKEN);
        int writes = f.store.writes();
        int changes = f.target.passwordChanges();

        for (RotationStep step : RotationStep.values()) {
            StepResult r = f.useCase(new com.silenttalk.automation.core.ledger.InMemoryRunLedger())
                    .step(new RotationEvent(SECRET, TOKEN, step));
            assertThat(r.action()).isEqualTo("already-current");
        }
        assertThat(f.store.writes()).isEqualTo(writes);
        assertThat(f.target.passwordChanges()).isEqualTo(changes);
    }

    @Test
    void step_whenTokenIsNotAVersion_isRejectedWithNoChange() {
        RotationFixtures f = RotationFixtures.singleUser();
        assertThatThrownBy(() -> f.useCase().step(new RotationEvent(SECRET, "99999999-0000-0000-0000-000000000000", RotationStep.CREATE)))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("ClientRequestToken: version 99999999-0000-0000-0000-000000000000 is not a version");
        assertThat(f.store.writes()).isZero();
        assertThat(f.ledger.writes()).isEmpty();
    }

    @Test
    void step_whenTokenIsNotPending_isRejected() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.store.label("22222222-0000-0000-0000-000000000000", Stage.PREVIOUS, Optional.of(f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow()));
        assertThatThrownBy(() -> f.useCase().step(new RotationEvent(SECRET, "22222222-0000-0000-0000-000000000000", RotationStep.SET)))
                .isInstanceOf(RotationRejectedException.class)
                .hasMessageContaining("is not PENDING");
        assertThat(f.target.passwordChanges()).isZero();
    }

    @Test
    void step_whenRotationDisabled_isRejectedWithNoChange() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.store.rotationEnabled(false);
        assertThatThrownBy(() -> f.step(RotationStep.CREATE))
                .isInstanceOf(RotationRejectedException.class)
                .hasMessageStartingWith("RotationEnabled: secret " + SECRET + " does not have rotation enabled");
        assertThat(f.store.writes()).isZero();
    }

    @Test
    void fromEventName_whenUnknownStep_isRejected() {
        assertThatThrownBy(() -> RotationStep.fromEventName("deleteSecret"))
                .isInstanceOf(RotationRejectedException.class)
                .hasMessage("Step: unknown step 'deleteSecret'; expected createSecret, setSecret, testSecret or finishSecret");
    }

    @Test
    void set_whenPendingHasAnotherHost_isRejectedAndTargetUntouched() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        f.store.putPending(SECRET, TOKEN, new Credential("app", "evil.example", "x-password-abcdefghijklmnop".toCharArray(), current.attributes()));

        assertThatThrownBy(() -> f.step(RotationStep.SET))
                .isInstanceOf(RotationRejectedException.class)
                .hasMessageStartingWith("host: the pending version logs in to host 'evil.example'");
        assertThat(f.target.passwordChanges()).isZero();
        assertThat(f.ledger.records()).singleElement().extracting(AuditRecord::outcome).isEqualTo(Outcome.FAILED);
    }

    @Test
    void set_whenPendingHasAnotherUser_isRejected() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        f.store.putPending(SECRET, TOKEN, current.withUserAndPassword("postgres", "x-password-abcdefghijklmnop".toCharArray()));

        assertThatThrownBy(() -> f.step(RotationStep.SET))
                .isInstanceOf(RotationRejectedException.class)
                .hasMessageStartingWith("username: the pending version is for user 'postgres'");
        assertThat(f.target.passwordChanges()).isZero();
    }

    @Test
    void set_whenTargetUnreachable_failsAndCurrentStillLogsIn() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.step(RotationStep.CREATE);
        f.target.reachable(false);

        assertThatThrownBy(() -> f.step(RotationStep.SET)).isInstanceOf(TargetUnreachableException.class);
        assertThatThrownBy(() -> f.step(RotationStep.TEST)).isInstanceOf(TargetUnreachableException.class);
        f.target.reachable(true);
        assertThat(f.store.promotions()).isEmpty();
        assertThat(f.target.accepts("app", OLD)).isTrue();
        // the retry, once the target is back, completes
        f.step(RotationStep.SET);
        f.step(RotationStep.TEST);
        assertThat(f.step(RotationStep.FINISH).action()).isEqualTo("promoted");
    }

    @Test
    void set_whenOnlyPreviousLogsIn_authenticatesWithPrevious() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        char[] previous = "previous-password-abcdefghijklm".toCharArray();
        f.store.label("00000000-0000-0000-0000-000000000000", Stage.PREVIOUS, Optional.of(current.withUserAndPassword("app", previous)));
        f.target.user("app", previous, "grant:table:public.orders:SELECT");
        f.step(RotationStep.CREATE);

        assertThat(f.step(RotationStep.SET).details()).containsEntry("as", "previous");
    }

    @Test
    void set_whenNoKnownLoginWorks_failsWithoutNamingAPassword() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.target.user("app", "somebody-else-changed-it-123456".toCharArray());
        f.step(RotationStep.CREATE);

        assertThatThrownBy(() -> f.step(RotationStep.SET))
                .isInstanceOf(RotationFailedException.class)
                .hasMessageContaining("accepts none of the pending, current and previous logins")
                .message().doesNotContain(new String(OLD));
    }

    @Test
    void create_whenPendingValueIsStuckWithAnotherUser_dropsItsLabelAndFails() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        f.store.putPending(SECRET, TOKEN, current.withUserAndPassword("app_clone", "x-password-abcdefghijklmnop".toCharArray()));

        assertThatThrownBy(() -> f.step(RotationStep.CREATE))
                .isInstanceOf(RotationFailedException.class)
                .hasMessageContaining("stuck pending version " + TOKEN);
        assertThat(f.store.describe(SECRET).stagesOf(TOKEN)).doesNotContain(Stage.PENDING);
        assertThat(f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow().samePassword(current)).isTrue();
    }

    @Test
    void begin_whenStalePendingAndCurrentWorks_abandonsTheStaleVersion() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        f.store.label(TOKEN, Stage.PENDING, Optional.of(current.withUserAndPassword("app", "stale-password-abcdefghijklmn".toCharArray())));

        var repaired = f.useCase().begin(f.store, SECRET, "33333333-0000-0000-0000-000000000000");

        assertThat(repaired).contains(StuckPendingRepair.ABANDON);
        assertThat(f.store.describe(SECRET).versionWith(Stage.PENDING)).contains("33333333-0000-0000-0000-000000000000");
        assertThat(f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow().samePassword(current)).isTrue();
    }

    @Test
    void begin_whenOnlyStalePendingLogsIn_promotesIt() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        char[] stale = "stale-but-set-password-abcdefgh".toCharArray();
        f.store.label(TOKEN, Stage.PENDING, Optional.of(current.withUserAndPassword("app", stale)));
        f.target.user("app", stale);

        var repaired = f.useCase().begin(f.store, SECRET, "33333333-0000-0000-0000-000000000000");

        assertThat(repaired).contains(StuckPendingRepair.COMPLETE);
        assertThat(f.store.describe(SECRET).versionWith(Stage.CURRENT)).contains(TOKEN);
    }

    @Test
    void begin_whenNothingLogsIn_refusesAndChangesNothing() {
        RotationFixtures f = RotationFixtures.singleUser();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        f.store.label(TOKEN, Stage.PENDING, Optional.of(current.withUserAndPassword("app", "stale-password-abcdefghijklmn".toCharArray())));
        f.target.user("app", "a-third-password-abcdefghijklm".toCharArray());
        int writes = f.store.writes();

        assertThatThrownBy(() -> f.useCase().begin(f.store, SECRET, "33333333-0000-0000-0000-000000000000"))
                .isInstanceOf(RotationFailedException.class).hasMessageContaining("nothing was changed");
        assertThat(f.store.writes()).isEqualTo(writes);
    }

    @Test
    void plan_whenDryRun_writesNothingAndNamesTheUser() {
        RotationFixtures f = RotationFixtures.alternating();
        RotationPlan withStale = f.useCase().plan(SECRET);
        assertThat(withStale.steps().get(0)).startsWith("repair: version " + TOKEN + " is a stale PENDING");
        f.store.removeStage(SECRET, Stage.PENDING, TOKEN);
        int writes = f.store.writes();

        RotationPlan plan = f.useCase().plan(SECRET);

        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.steps().get(0)).contains("user 'app_clone'");
        assertThat(f.store.writes()).isEqualTo(writes);
        assertThat(f.target.passwordChanges()).isZero();
        assertThat(f.ledger.writes()).isEmpty();
    }

    @Test
    void ledger_whenRotated_recordsNoPassword() {
        RotationFixtures f = RotationFixtures.singleUser();
        f.useCase().rotate(SECRET, TOKEN);
        String newPassword = new String(f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow().password());

        assertThat(f.ledger.writes()).hasSize(8);
        assertThat(f.ledger.writes().toString()).doesNotContain(newPassword).doesNotContain(new String(OLD));
    }

    @Test
    void credential_whenPrinted_hidesThePassword() {
        Credential c = new Credential("app", "h", OLD, Map.of("port", "5432"));
        assertThat(c.toString()).doesNotContain(new String(OLD)).contains("redacted");
    }

    @Test
    void finish_whenTargetKeepsTwoPasswords_retiresTheOlderAfterPromotion() {
        RotationFixtures f = new RotationFixtures(new RotationStrategy.SingleUser(), true);
        f.step(RotationStep.CREATE);
        f.step(RotationStep.SET);
        assertThat(f.target.accepts("app", OLD)).as("ROTATE keeps the current token").isTrue();
        f.step(RotationStep.TEST);
        f.step(RotationStep.FINISH);
        assertThat(f.target.accepts("app", OLD)).as("SET leaves only the new token").isFalse();
    }
}
