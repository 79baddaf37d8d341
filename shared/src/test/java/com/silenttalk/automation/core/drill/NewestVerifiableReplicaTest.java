package com.silenttalk.automation.core.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.NewestVerifiableReplica.Chosen;
import com.silenttalk.automation.core.drill.NewestVerifiableReplica.NoneAvailable;
import com.silenttalk.automation.core.drill.NewestVerifiableReplica.NoneVerifiable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NewestVerifiableReplicaTest {
    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private static final DatabaseId ORDERS = new DatabaseId("orders");

    /** {@code count} copies, newest first, six hours apart. */
    private static List<Snapshot> copies(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Snapshot(new SnapshotId("st-auto-orders-" + i), ORDERS, "eu-central-1",
                NOW.minus(Duration.ofHours(6L * i)), true, VerificationStatus.UNVERIFIED, Optional.empty())).toList();
    }

    private final List<Snapshot> asked = new ArrayList<>();

    /** Manifests for the copies at these positions only. */
    private Function<Snapshot, Optional<SnapshotManifest>> manifestsAt(List<Snapshot> copies, Set<Integer> positions) {
        return s -> {
            asked.add(s);
            return positions.contains(copies.indexOf(s)) ? Optional.of(InMemorySnapshotStore.defaultManifest(s)) : Optional.empty();
        };
    }

    @Test
    void among_whenTheNewestHasAManifest_choosesItAndSkipsNothing() {
        List<Snapshot> copies = copies(3);

        NewestVerifiableReplica.Selection s = NewestVerifiableReplica.among(copies, manifestsAt(copies, Set.of(0, 1)));

        assertThat(s).isEqualTo(new Chosen(copies.get(0), InMemorySnapshotStore.defaultManifest(copies.get(0)), Optional.empty()));
        assertThat(asked).containsExactly(copies.get(0));
    }

    @Test
    void among_whenTheNewestHasNoManifest_choosesTheNewestOlderOneThatHasAndNamesTheSkippedNewest() {
        List<Snapshot> copies = copies(5);

        NewestVerifiableReplica.Selection s = NewestVerifiableReplica.among(copies, manifestsAt(copies, Set.of(2, 3)));

        assertThat(s).isInstanceOf(Chosen.class);
        assertThat(((Chosen) s).replica()).isEqualTo(copies.get(2));
        assertThat(((Chosen) s).skippedNewest()).contains(copies.get(0));
    }

    @Test
    void among_whenOnlyACopyBeyondTheLookBackHasAManifest_isNoneVerifiableAfterLookingAtFour() {
        List<Snapshot> copies = copies(6);

        NewestVerifiableReplica.Selection s = NewestVerifiableReplica.among(copies, manifestsAt(copies, Set.of(4)));

        assertThat(s).isEqualTo(new NoneVerifiable(copies.get(0), NewestVerifiableReplica.LOOK_BACK));
        assertThat(asked).containsExactlyElementsOf(copies.subList(0, 4));
    }

    @Test
    void among_whenFewerCopiesThanTheLookBack_looksAtThoseThereAre() {
        List<Snapshot> copies = copies(2);

        assertThat(NewestVerifiableReplica.among(copies, manifestsAt(copies, Set.of()))).isEqualTo(new NoneVerifiable(copies.get(0), 2));
    }

    @Test
    void among_whenThereIsNoCopy_isNoneAvailableAndAsksNothing() {
        assertThat(NewestVerifiableReplica.among(List.of(), manifestsAt(List.of(), Set.of()))).isEqualTo(new NoneAvailable());
        assertThat(asked).isEmpty();
    }
}
