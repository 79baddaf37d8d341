package com.silenttalk.automation.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretStore} promises, stated once and run against each adapter (the in-memory
 * store of the core tests, the file store, Secrets Manager and Key Vault on WireMock servers that keep
 * their service's state). An adapter's own test extends this (or nests it) and keeps its request shapes.
 *
 * <p>The contract, with the core's stages: a fresh secret has one version, CURRENT, and nothing
 * pending; putPending stores a value under the token with PENDING (the label leaves any other
 * version), again with the same value is a no-op, with another value is refused; promote moves
 * CURRENT to the token and PREVIOUS to the version that had it, and is refused when that version
 * is no longer current; removeStage takes PENDING off an abandoned version. Values come back
 * exactly as stored (attributes, any password characters).
 *
 * <p>A deliberate difference, allowed here: after promote, Secrets Manager may leave PENDING on the
 * promoted version (its rotation guide says so); the others take it off. Either way no version carries
 * PENDING without CURRENT, which is what the next rotation checks.
 */
public abstract class SecretStoreContract {
    protected static final Credential INITIAL = new Credential("app", "db.internal", "Initial-Pass-0123456789abcdef".toCharArray(),
            Map.of("engine", "postgres", "port", "5432", "dbname", "app"));
    protected static final Credential NEXT = INITIAL.withUserAndPassword("app_b", "N3xt-\"Pass\"\\ü-0123456789abcdef".toCharArray());
    protected static final Credential THIRD = INITIAL.withUserAndPassword("app", "Third-Pass-0123456789abcdefghij".toCharArray());
    protected static final String TOKEN_1 = "5e6f7a8b-0000-4000-8000-000000000001";
    protected static final String TOKEN_2 = "5e6f7a8b-0000-4000-8000-000000000002";

    /** The store under test, holding one secret with rotation enabled and one version ({@link #initialVersion}) of {@link #INITIAL} as CURRENT. */
    protected abstract SecretStore store();

    /** The secret's id as the store is called with it (an ARN, a vault secret name, a file path). */
    protected abstract String secretId();

    /** The id the store gives the initial version. */
    protected abstract String initialVersion();

    @Test
    void describe_whenFresh_showsOneCurrentVersionAndNothingPending() {
        SecretDescription d = store().describe(secretId());

        assertThat(d.rotationEnabled()).isTrue();
        assertThat(d.versionWith(Stage.CURRENT)).contains(initialVersion());
        assertThat(d.versionWith(Stage.PENDING)).isEmpty();
        assertThat(d.versionWith(Stage.PREVIOUS)).isEmpty();
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(INITIAL);
        assertThat(store().valueOf(secretId(), initialVersion())).contains(INITIAL);
        assertThat(store().valueAt(secretId(), Stage.PENDING)).isEmpty();
        assertThat(store().valueAt(secretId(), Stage.PREVIOUS)).isEmpty();
    }

    @Test
    void valueOf_whenTheVersionIsUnknown_isEmpty() {
        assertThat(store().valueOf(secretId(), TOKEN_1)).isEmpty();
    }

    @Test
    void putPending_whenTheTokenIsNew_storesTheValueAsPendingAndLeavesCurrent() {
        store().putPending(secretId(), TOKEN_1, NEXT);

        SecretDescription d = store().describe(secretId());
        assertThat(d.versionWith(Stage.PENDING)).contains(TOKEN_1);
        assertThat(d.versionWith(Stage.CURRENT)).contains(initialVersion());
        assertThat(d.stagesOf(TOKEN_1)).doesNotContain(Stage.CURRENT);
        assertThat(store().valueOf(secretId(), TOKEN_1)).contains(NEXT);
        assertThat(store().valueAt(secretId(), Stage.PENDING)).contains(NEXT);
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(INITIAL);
    }

    @Test
    void putPending_whenRepeatedWithTheSameValue_changesNothing() {
        store().putPending(secretId(), TOKEN_1, NEXT);
        SecretDescription before = store().describe(secretId());

        store().putPending(secretId(), TOKEN_1, NEXT);

        assertThat(store().describe(secretId())).isEqualTo(before);
        assertThat(store().valueOf(secretId(), TOKEN_1)).contains(NEXT);
    }

    @Test
    void putPending_whenTheTokenHoldsAnotherValue_isRefusedAndTheFirstValueStays() {
        store().putPending(secretId(), TOKEN_1, NEXT);

        assertThatThrownBy(() -> store().putPending(secretId(), TOKEN_1, THIRD)).isInstanceOf(RotationFailedException.class)
                .hasMessageContaining(TOKEN_1);

        assertThat(store().valueOf(secretId(), TOKEN_1)).contains(NEXT);
        assertThat(store().valueAt(secretId(), Stage.PENDING)).contains(NEXT);
    }

    @Test
    void putPending_whenAnotherTokenIsPending_movesThePendingLabelToTheNewToken() {
        store().putPending(secretId(), TOKEN_1, NEXT);

        store().putPending(secretId(), TOKEN_2, THIRD);

        assertThat(store().describe(secretId()).versionWith(Stage.PENDING)).contains(TOKEN_2);
        assertThat(store().valueAt(secretId(), Stage.PENDING)).contains(THIRD);
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(INITIAL);
    }

    @Test
    void promote_movesCurrentToTheTokenAndPreviousToTheVersionThatHadIt() {
        store().putPending(secretId(), TOKEN_1, NEXT);

        store().promote(secretId(), TOKEN_1, initialVersion());

        SecretDescription d = store().describe(secretId());
        assertThat(d.versionWith(Stage.CURRENT)).contains(TOKEN_1);
        assertThat(d.versionWith(Stage.PREVIOUS)).contains(initialVersion());
        assertThat(d.stagesOf(initialVersion())).doesNotContain(Stage.CURRENT, Stage.PENDING);
        assertThat(d.stalePending("any-other-token")).isEmpty();
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(NEXT);
        assertThat(store().valueAt(secretId(), Stage.PREVIOUS)).contains(INITIAL);
    }

    @Test
    void promote_whenRotatedTwice_previousFollowsAndTheFirstVersionHasNoLabel() {
        store().putPending(secretId(), TOKEN_1, NEXT);
        store().promote(secretId(), TOKEN_1, initialVersion());
        store().putPending(secretId(), TOKEN_2, THIRD);

        store().promote(secretId(), TOKEN_2, TOKEN_1);

        SecretDescription d = store().describe(secretId());
        assertThat(d.versionWith(Stage.CURRENT)).contains(TOKEN_2);
        assertThat(d.versionWith(Stage.PREVIOUS)).contains(TOKEN_1);
        assertThat(d.stagesOf(initialVersion())).isEmpty();
        assertThat(d.stalePending("any-other-token")).isEmpty();
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(THIRD);
        assertThat(store().valueAt(secretId(), Stage.PREVIOUS)).contains(NEXT);
    }

    @Test
    void promote_whenTheNamedVersionIsNoLongerCurrent_isRefusedAndChangesNothing() {
        store().putPending(secretId(), TOKEN_1, NEXT);
        store().promote(secretId(), TOKEN_1, initialVersion());
        store().putPending(secretId(), TOKEN_2, THIRD);
        SecretDescription before = store().describe(secretId());

        // another rotation finished first: the caller still believes the initial version is current
        assertThatThrownBy(() -> store().promote(secretId(), TOKEN_2, initialVersion())).isInstanceOf(RotationFailedException.class);

        assertThat(store().describe(secretId())).isEqualTo(before);
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(NEXT);
    }

    @Test
    void removeStage_whenAPendingVersionIsAbandoned_nothingIsPendingAndCurrentStays() {
        store().putPending(secretId(), TOKEN_1, NEXT);

        store().removeStage(secretId(), Stage.PENDING, TOKEN_1);

        SecretDescription d = store().describe(secretId());
        assertThat(d.versionWith(Stage.PENDING)).isEmpty();
        assertThat(d.versionWith(Stage.CURRENT)).contains(initialVersion());
        assertThat(store().valueAt(secretId(), Stage.PENDING)).isEmpty();
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(INITIAL);
    }

    @Test
    void putPending_afterAnAbandonedVersion_startsAFreshRotationThatPromotes() {
        store().putPending(secretId(), TOKEN_1, NEXT);
        store().removeStage(secretId(), Stage.PENDING, TOKEN_1);

        store().putPending(secretId(), TOKEN_2, THIRD);
        store().promote(secretId(), TOKEN_2, initialVersion());

        assertThat(store().describe(secretId()).versionWith(Stage.CURRENT)).contains(TOKEN_2);
        assertThat(store().valueAt(secretId(), Stage.CURRENT)).contains(THIRD);
        assertThat(store().valueAt(secretId(), Stage.PREVIOUS)).contains(INITIAL);
    }
}
