package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.TakeCensus.Result;
import com.silenttalk.automation.core.backup.TakeCensus.Status;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TakeCensusTest {
    private static final DatabaseId ORDERS = new DatabaseId("orders");
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final Instant AT = Instant.parse("2026-03-14T06:00:04Z");
    private static final SnapshotWindow WINDOW = SnapshotWindow.containing(AT, BackupPolicy.defaults(List.of()).interval());

    private static final Map<DatabaseId, String> MARKERS = Map.of(ORDERS, "0b6f3c2e-1d4a-4f5b-9c8d-7e6f5a4b3c2d",
            CHAT, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final List<SnapshotId> measured = new ArrayList<>();

    /** Measures every database but those in {@code unreachable}, whose census keeps nothing. */
    private SnapshotCensus census(Set<DatabaseId> unreachable) {
        return new SnapshotCensus() {
            @Override
            public Optional<SnapshotManifest> measureAndKeep(DatabaseId database, SnapshotId id, Instant now) {
                measured.add(id);
                if (unreachable.contains(database)) {
                    return Optional.empty();
                }
                return Optional.of(SnapshotManifest.atMarker(id, database, new SnapshotMarker(MARKERS.get(database), now),
                        "15.8", "fingerprint", Map.of("public.users", 3L), new CountTolerance(0.0, 0)));
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
    }

    private List<Result> run(Set<DatabaseId> unreachable, DatabaseId... databases) {
        return new TakeCensus(census(unreachable), ledger, Clock.fixed(AT, ZoneOffset.UTC)).execute(List.of(databases), WINDOW);
    }

    @Test
    void execute_whenFirstInTheWindow_measuresEachDatabaseAndRecordsItsMarker() {
        List<Result> results = run(Set.of(), ORDERS, CHAT);

        assertThat(results).containsExactly(
                new Result(ORDERS, new SnapshotId("st-auto-orders-20260314t0600z"), Status.MEASURED),
                new Result(CHAT, new SnapshotId("st-auto-chat-20260314t0600z"), Status.MEASURED));
        AuditRecord record = ledger.find(new RunKey("census/orders/20260314t0600z")).orElseThrow();
        assertThat(record.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(record.details()).isEqualTo(Map.of("snapshot", "st-auto-orders-20260314t0600z", "marker", MARKERS.get(ORDERS)));
    }

    @Test
    void execute_whenTheWindowWasMeasured_measuresNothingAgain() {
        run(Set.of(), ORDERS);

        List<Result> again = run(Set.of(), ORDERS);

        assertThat(again).extracting(Result::status).containsExactly(Status.ALREADY_MEASURED);
        assertThat(measured).hasSize(1);
    }

    @Test
    void execute_whenACensusCannotMeasure_recordsItFailedAndNeverRetriesTheWindow() {
        List<Result> first = run(Set.of(CHAT), ORDERS, CHAT);
        List<Result> second = run(Set.of(), CHAT);

        assertThat(first).extracting(Result::status).containsExactly(Status.MEASURED, Status.NOT_MEASURED);
        AuditRecord failed = ledger.find(new RunKey("census/chat/20260314t0600z")).orElseThrow();
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.details()).containsEntry("reason", "no manifest: see the ERROR line");
        assertThat(second).extracting(Result::status).containsExactly(Status.ALREADY_MEASURED);
        assertThat(measured).hasSize(2);
    }
}
