package com.silenttalk.automation.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeploymentMarkers} promises, stated once and run against each adapter (the in-memory markers of
 * the core tests, marker files for opsctl, S3 objects on S3Mock, blobs on azurite). An adapter's own test extends this
 * and says how the deploy pipeline writes a marker there.
 *
 * <p>The contract: every marker document ({@code <name>.json}) is returned as written, an ended one too (whether it
 * still mutes is the gate's decision); other documents beside them are not markers; a marker that cannot be read is
 * skipped with one logged line naming it and the others are still returned, because an alert must never be lost to a
 * broken marker (at worst it is not muted during a deployment). A store that cannot be listed at all (refused,
 * missing, unreachable) fails with {@link DeploymentMarkersUnavailableException} after one logged line naming it:
 * an empty answer would read as "no deployment in progress", which a guard could act on; the alert router, which
 * must never lose an alert to it, catches it and delivers unmuted ({@link RouteAlert}).
 */
public abstract class DeploymentMarkersContract {
    protected static final Instant NOW = Instant.parse("2026-03-01T06:00:00Z");

    protected static final DeploymentMarker API = new DeploymentMarker("api-2026-03-01-1",
            tagged("service", "api"), NOW.minusSeconds(600), null);
    protected static final String API_JSON = "{\"deploymentId\":\"api-2026-03-01-1\",\"startedAt\":\"2026-03-01T05:50:00Z\","
            + "\"match\":{\"tags\":{\"service\":\"api\"}}}";
    protected static final DeploymentMarker WORKER = new DeploymentMarker("worker-2026-03-01-1",
            tagged("service", "worker"), NOW.minusSeconds(7200), NOW.minusSeconds(3600));
    protected static final String WORKER_JSON = "{\"deploymentId\":\"worker-2026-03-01-1\",\"startedAt\":\"2026-03-01T04:00:00Z\","
            + "\"endedAt\":\"2026-03-01T05:00:00Z\",\"match\":{\"tags\":{\"service\":\"worker\"}}}";

    /** The markers under test, over a store where nothing was written yet. */
    protected abstract DeploymentMarkers markers();

    /** Writes a marker document {@code name} ({@code <name>.json}) with this body, as the deploy pipeline does. */
    protected abstract void write(String name, DeploymentMarker marker, String json);

    /**
     * Writes a document {@code name} ({@code <name>.json}) that is no readable marker, with this body.
     *
     * @param whatIsWrong what a reader says of it (a store of records, which parses nothing, logs this)
     */
    protected abstract void writeUnreadable(String name, String body, String whatIsWrong);

    /** Writes a document beside the markers that is not one (a README, another file type). */
    protected abstract void writeOther(String name, String body);

    /** From now on the store cannot be listed (a bucket or container that refuses it, a directory that is not one). */
    protected abstract void failListing();

    /** The lines the adapter logged since the test began. */
    protected abstract List<String> logged();

    protected static AlertMatch tagged(String key, String value) {
        return new AlertMatch(Set.of(), List.of(), List.of(), List.of(), List.of(), Map.of(key, value), Set.of());
    }

    @Test
    void current_whenNothingWasWritten_returnsNoneAndLogsNothing() {
        assertThat(markers().current(NOW)).isEmpty();
        assertThat(logged()).isEmpty();
    }

    @Test
    void current_whenMarkersWereWritten_returnsEachAsWrittenEndedOnesToo() {
        write("api", API, API_JSON);
        write("worker", WORKER, WORKER_JSON);

        assertThat(markers().current(NOW)).containsExactlyInAnyOrder(API, WORKER);
        assertThat(logged()).isEmpty();
    }

    @Test
    void current_whenOtherDocumentsLieBesideTheMarkers_readsOnlyTheMarkers() {
        write("api", API, API_JSON);
        writeOther("README.txt", "written by the deploy pipeline");

        assertThat(markers().current(NOW)).containsExactly(API);
        assertThat(logged()).isEmpty();
    }

    @Test
    void current_whenOneMarkerIsNotJson_skipsItInOneLineNamingItAndReturnsTheOthers() {
        write("api", API, API_JSON);
        writeUnreadable("broken", "{\"deploymentId\": \"api-2026-03-01-2\", \"startedAt\": ", "is not valid JSON");
        write("worker", WORKER, WORKER_JSON);

        assertThat(markers().current(NOW)).containsExactlyInAnyOrder(API, WORKER);
        assertThat(logged()).singleElement().asString().contains("broken.json").doesNotContain("api-2026-03-01-1");
    }

    @Test
    void current_whenAMarkerBreaksTheMarkerRules_skipsItNamingIt() {
        writeUnreadable("backwards", "{\"deploymentId\":\"x\",\"startedAt\":\"2026-03-01T05:00:00Z\","
                + "\"endedAt\":\"2026-03-01T04:00:00Z\",\"match\":{}}", "endedAt is before startedAt");

        assertThat(markers().current(NOW)).isEmpty();
        assertThat(logged()).singleElement().asString().contains("backwards.json", "endedAt");
    }

    @Test
    void current_whenTheStoreCannotBeListed_failsNamingItInsteadOfReportingNone() {
        write("api", API, API_JSON);
        failListing();

        assertThatThrownBy(() -> markers().current(NOW)).isInstanceOf(DeploymentMarkersUnavailableException.class)
                .hasMessageStartingWith("cannot list deployment markers in ");
        assertThat(logged()).singleElement().asString().contains("cannot list deployment markers");
    }
}
