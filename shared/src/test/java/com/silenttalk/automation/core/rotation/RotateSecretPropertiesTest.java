package com.silenttalk.automation.core.rotation;

import static com.silenttalk.automation.core.rotation.RotationFixtures.OLD;
import static com.silenttalk.automation.core.rotation.RotationFixtures.SECRET;
import static com.silenttalk.automation.core.rotation.RotationFixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Idempotence: each step replayed 1-3 times with the same token (sometimes with the ledger lost, as after
 * a crash before the audit write) leaves exactly one pending version created, moves CURRENT once,
 * and the target accepts only what the strategy allows.
 */
class RotateSecretPropertiesTest {

    @Provide
    Arbitrary<List<Integer>> replays() {
        return Arbitraries.integers().between(1, 3).list().ofSize(4);
    }

    @Provide
    Arbitrary<List<Boolean>> ledgerLosses() {
        return Arbitraries.of(true, false).list().ofSize(12);
    }

    @Property(tries = 200)
    void steps_whenEachReplayed_createOnePendingAndPromoteOnce(@ForAll("replays") List<Integer> replays,
                                                              @ForAll("ledgerLosses") List<Boolean> loseLedger,
                                                              @ForAll boolean alternating) {
        RotationFixtures f = alternating ? RotationFixtures.alternating() : RotationFixtures.singleUser();
        int call = 0;
        for (RotationStep step : RotationStep.values()) {
            for (int i = 0; i < replays.get(step.ordinal()); i++) {
                var useCase = loseLedger.get(call++) ? f.useCase(new InMemoryRunLedger()) : f.useCase();
                useCase.step(new RotationEvent(SECRET, TOKEN, step));
            }
        }

        assertThat(f.store.versionsCreated()).isEqualTo(1);
        assertThat(f.store.promotions()).containsExactly(TOKEN);
        assertThat(f.store.versionsWith(Stage.PENDING)).isZero();
        Credential current = f.store.valueAt(SECRET, Stage.CURRENT).orElseThrow();
        assertThat(f.target.accepts(current.username(), current.password())).isTrue();
        assertThat(f.target.accepts("app", OLD)).isEqualTo(alternating);
        assertThat(f.target.passwordChanges()).isEqualTo(1);
    }

    @Property(tries = 100)
    void steps_whenKilledAfterAnyStepAndRestartedFromTheFirst_stillPromoteOnce(@ForAll("replays") List<Integer> replays,
                                                                             @ForAll boolean alternating) {
        RotationFixtures f = alternating ? RotationFixtures.alternating() : RotationFixtures.singleUser();
        int killedAfter = replays.get(0); // 1..3: the run dies after that many steps, the redelivery starts over
        RotationStep[] steps = RotationStep.values();
        for (int i = 0; i < killedAfter; i++) {
            f.useCase().step(new RotationEvent(SECRET, TOKEN, steps[i]));
        }
        for (RotationStep step : steps) {
            f.useCase(new InMemoryRunLedger()).step(new RotationEvent(SECRET, TOKEN, step));
        }

        assertThat(f.store.versionsCreated()).isEqualTo(1);
        assertThat(f.store.promotions()).containsExactly(TOKEN);
        assertThat(f.target.passwordChanges()).isEqualTo(1);
    }
}
