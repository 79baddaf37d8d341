package com.silenttalk.automation.core.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SequencePosition;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ObjectChecksTest {
    private static final Instant AT = Instant.parse("2026-11-25T12:00:30Z");
    private static final Map<String, Long> COUNTS = Map.of("chat.users", 2000L, "chat.messages_2024_01", 700L,
            "chat.messages_2024_02", 300L, "chat.messages_default", 5L);
    private static final CountTolerance TOLERANCE = new CountTolerance(0.01, 5);

    static Map<String, Map<String, String>> kinds() {
        Map<String, Map<String, String>> kinds = new HashMap<>();
        kinds.put(ObjectInventory.SCHEMA, Map.of("table chat.users", "aaaa", "partitioned table chat.messages", "bbbb"));
        kinds.put(ObjectInventory.SEQUENCES, Map.of("chat.invite_codes", "1028 by 7", "chat.countdown", "98 by -1",
                "chat.fresh", "1 by 1, not called"));
        kinds.put(ObjectInventory.LARGE_OBJECTS, Map.of("424201", "md5 0f1e, 19 bytes", "424203", "md5 d41d, 0 bytes"));
        kinds.put(ObjectInventory.FUNCTIONS, Map.of("chat.touch_edited()", "digest1"));
        kinds.put(ObjectInventory.TYPES, Map.of("enum chat.message_kind", "text, image, sticker, call, system"));
        kinds.put(ObjectInventory.TRIGGERS, Map.of("messages_touch on chat.messages", "t1", "conversations_title on chat.conversations", "t2"));
        kinds.put(ObjectInventory.POLICIES, Map.of("notes_write on public.notes", "p1", "row security on public.notes", "enabled, forced"));
        kinds.put(ObjectInventory.EXTENSIONS, Map.of("citext", "1.6"));
        kinds.put(ObjectInventory.VIEWS, Map.of("chat.recent_messages", "v1"));
        kinds.put(ObjectInventory.MATERIALIZED_VIEWS, Map.of("chat.messages_per_user", "definition m1, rows 2000"));
        kinds.put(ObjectInventory.PARTITIONS, Map.of("chat.messages", "partitioned table",
                "chat.messages_2024_01", "partition of chat.messages", "chat.messages_2024_02", "partition of chat.messages",
                "chat.messages_default", "partition of chat.messages"));
        return kinds;
    }

    static ObjectInventory with(String kind, Map<String, String> objects) {
        Map<String, Map<String, String>> kinds = kinds();
        kinds.put(kind, objects);
        return new ObjectInventory(kinds);
    }

    static Map<String, String> changed(String kind, String name, String value) {
        Map<String, String> objects = new TreeMap<>(kinds().get(kind));
        if (value == null) {
            objects.remove(name);
        } else {
            objects.put(name, value);
        }
        return objects;
    }

    static SnapshotManifest manifest(ObjectInventory objects) {
        return SnapshotManifest.logical(new SnapshotId("st-auto-chat-20261125t1200z"), new DatabaseId("chat"), AT, "15.8",
                objects, COUNTS, "f".repeat(64), 4096);
    }

    static DatabaseFacts restored(ObjectInventory objects, Map<String, Long> counts) {
        // the marker's presence probe, for manifests measured at a marker
        return new DatabaseFacts(true, true, "TLSv1.3", objects.digest(ObjectInventory.SCHEMA), counts,
                Map.of(VerificationSuite.MARKER, "1"), objects);
    }

    static List<CheckResult> evaluate(SnapshotManifest manifest, DatabaseFacts facts) {
        DrillRequest request = new DrillRequest(new DatabaseId("chat"), Duration.ofHours(6), "eu-central-1",
                DrillTargets.DEFAULT, List.of(), false);
        return VerificationSuite.evaluate(request, manifest, facts, AT.plusSeconds(60));
    }

    static List<String> failed(List<CheckResult> checks) {
        return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
    }

    static CheckResult check(List<CheckResult> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void evaluate_whenTheRestoreHasTheSameInventory_passesOneNamedCheckPerKindInOrder() {
        ObjectInventory objects = new ObjectInventory(kinds());

        List<CheckResult> checks = evaluate(manifest(objects), restored(objects, COUNTS));

        assertThat(checks).extracting(CheckResult::name).containsExactly("tls", "schema-fingerprint", "row-counts",
                "sequences", "large-objects", "functions", "types", "triggers", "policies", "extensions", "views",
                "materialized-views", "partitions", "freshness");
        assertThat(failed(checks)).isEmpty();
        assertThat(check(checks, "partitions").detail()).contains("chat.messages 1005 rows in 3 partitions");
        assertThat(check(checks, "row-counts").detail()).startsWith("1 tables, 2000 rows");
    }

    @Test
    void evaluate_whenASequenceWasReset_failsOnlySequencesNamingIt() {
        ObjectInventory snapshot = new ObjectInventory(kinds());
        ObjectInventory reset = with(ObjectInventory.SEQUENCES, changed(ObjectInventory.SEQUENCES, "chat.invite_codes", "1000 by 7, not called"));

        List<CheckResult> checks = evaluate(manifest(snapshot), restored(reset, COUNTS));

        assertThat(failed(checks)).containsExactly("sequences");
        assertThat(check(checks, "sequences").detail()).startsWith("1 of 3 objects differ: chat.invite_codes: behind its snapshot position");
    }

    @Test
    void sequences_whenWritesMovedThemOnInTheirDirection_passes() {
        Map<String, String> moved = Map.of("chat.invite_codes", "1042 by 7", "chat.countdown", "90 by -1", "chat.fresh", "1 by 1");

        CheckResult check = ObjectChecks.sequences(kinds().get(ObjectInventory.SEQUENCES), moved);

        assertThat(check.passed()).as(check.detail()).isTrue();
        assertThat(check.detail()).contains("3 moved on");
    }

    @Test
    void sequences_whenADescendingOneWentUp_fails() {
        CheckResult check = ObjectChecks.sequences(Map.of("chat.countdown", "98 by -1"), Map.of("chat.countdown", "99 by -1"));

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).contains("chat.countdown");
    }

    @Test
    void evaluate_whenALargeObjectIsMissing_failsOnlyLargeObjectsNamingIt() {
        ObjectInventory snapshot = new ObjectInventory(kinds());
        ObjectInventory lost = with(ObjectInventory.LARGE_OBJECTS, changed(ObjectInventory.LARGE_OBJECTS, "424201", null));

        List<CheckResult> checks = evaluate(manifest(snapshot), restored(lost, COUNTS));

        assertThat(failed(checks)).containsExactly("large-objects");
        assertThat(check(checks, "large-objects").detail()).isEqualTo("1 of 2 objects differ: 424201: missing from the restore");
    }

    @Test
    void evaluate_whenATriggerOrAPolicyIsDropped_failsOnlyThatCheck() {
        ObjectInventory snapshot = new ObjectInventory(kinds());

        List<CheckResult> noTrigger = evaluate(manifest(snapshot), restored(with(ObjectInventory.TRIGGERS,
                changed(ObjectInventory.TRIGGERS, "conversations_title on chat.conversations", null)), COUNTS));
        List<CheckResult> noPolicy = evaluate(manifest(snapshot), restored(with(ObjectInventory.POLICIES,
                changed(ObjectInventory.POLICIES, "notes_write on public.notes", null)), COUNTS));

        assertThat(failed(noTrigger)).containsExactly("triggers");
        assertThat(check(noTrigger, "triggers").detail()).contains("conversations_title on chat.conversations: missing from the restore");
        assertThat(failed(noPolicy)).containsExactly("policies");
        assertThat(check(noPolicy, "policies").detail()).contains("notes_write on public.notes");
    }

    @Test
    void evaluate_whenAPartitionWasTruncated_failsOnlyPartitionsNamingItAndItsParent() {
        ObjectInventory objects = new ObjectInventory(kinds());
        Map<String, Long> truncated = new HashMap<>(COUNTS);
        truncated.put("chat.messages_2024_02", 0L);

        List<CheckResult> checks = evaluate(manifest(objects), restored(objects, truncated));

        assertThat(failed(checks)).containsExactly("partitions");
        assertThat(check(checks, "partitions").detail())
                .contains("chat.messages: restored 705 rows, snapshot had 1005")
                .contains("chat.messages_2024_02: restored 0 rows, snapshot had 300");
    }

    @Test
    void partitions_whenAPartitionIsItselfPartitioned_sumsItsLeavesIntoEveryAncestor() {
        Map<String, String> tree = Map.of("t", "partitioned table", "t_2024", "partition of t",
                "t_2024_01", "partition of t_2024", "t_2024_02", "partition of t_2024", "t_other", "partition of t");
        Map<String, Long> counts = Map.of("t_2024_01", 3L, "t_2024_02", 4L, "t_other", 10L);

        assertThat(ObjectChecks.partitionRows(tree, counts)).containsEntry("t", 17L).containsEntry("t_2024", 7L)
                .containsEntry("t_other", 10L);
    }

    @Test
    void materializedViews_whenALogicalRestoreRecomputedAStaleView_passesShowingBothCounts() {
        CheckResult stale = ObjectChecks.materializedViews(Map.of("chat.per_user", "definition m1, rows 2000"),
                Map.of("chat.per_user", "definition m1, rows 2400"), true, null);
        CheckResult unpopulated = ObjectChecks.materializedViews(Map.of("chat.per_user", "definition m1, rows 2000"),
                Map.of("chat.per_user", "definition m1, not populated"), true, null);
        CheckResult storedRowsLost = ObjectChecks.materializedViews(Map.of("chat.per_user", "definition m1, rows 2000"),
                Map.of("chat.per_user", "definition m1, rows 0"), false, TOLERANCE);

        assertThat(stale.passed()).as(stale.detail()).isTrue();
        assertThat(stale.detail()).contains("chat.per_user 2400 rows (2000 when snapshotted)");
        assertThat(unpopulated.passed()).isFalse();
        assertThat(unpopulated.detail()).contains("chat.per_user: changed (snapshot definition m1, rows 2000, restored definition m1, not populated)");
        assertThat(storedRowsLost.passed()).isFalse();
        assertThat(storedRowsLost.detail()).contains("chat.per_user: restored 0 rows, snapshot had 2000");
    }

    @Test
    void evaluate_whenMoreThanTwentyObjectsDiffer_namesTwentyAndCountsTheRest() {
        Map<String, String> many = new TreeMap<>();
        IntStream.rangeClosed(1, 25).forEach(i -> many.put(String.format("public.f%02d()", i), "d" + i));
        ObjectInventory snapshot = with(ObjectInventory.FUNCTIONS, many);

        List<CheckResult> checks = evaluate(manifest(snapshot), restored(with(ObjectInventory.FUNCTIONS, Map.of()), COUNTS));

        String detail = check(checks, "functions").detail();
        assertThat(detail).startsWith("25 of 25 objects differ: public.f01(): missing").contains("public.f20()")
                .doesNotContain("public.f21()").endsWith("; and 5 more");
    }

    @Test
    void schema_whenAColumnChanged_namesTheTable() {
        ObjectInventory snapshot = new ObjectInventory(kinds());
        ObjectInventory altered = with(ObjectInventory.SCHEMA, changed(ObjectInventory.SCHEMA, "table chat.users", "cccc"));

        List<CheckResult> checks = evaluate(manifest(snapshot), restored(altered, COUNTS));

        assertThat(failed(checks)).containsExactly("schema-fingerprint");
        assertThat(check(checks, "schema-fingerprint").detail())
                .isEqualTo("1 of 2 objects differ: table chat.users: changed (snapshot aaaa, restored cccc)");
    }

    @Test
    void schema_whenTheManifestPredatesInventories_saysWhyNothingIsNamed() {
        ObjectInventory restoredObjects = new ObjectInventory(kinds());
        SnapshotManifest old = new SnapshotManifest(new SnapshotId("st-auto-chat-20261125t1200z"), new DatabaseId("chat"), AT,
                "15.8", "e".repeat(64), COUNTS, "f".repeat(64), 4096);

        List<CheckResult> checks = evaluate(old, restored(restoredObjects, COUNTS));

        assertThat(checks).extracting(CheckResult::name).containsExactly("tls", "schema-fingerprint", "row-counts", "freshness");
        assertThat(check(checks, "schema-fingerprint").detail()).contains("lists no schema objects");
    }

    @Test
    void evaluate_whenTheRestoreWasNotInspectedForAKind_failsThatKind() {
        Map<String, Map<String, String>> partial = kinds();
        partial.remove(ObjectInventory.TRIGGERS);

        List<CheckResult> checks = evaluate(manifest(new ObjectInventory(kinds())), restored(new ObjectInventory(partial), COUNTS));

        assertThat(failed(checks)).containsExactly("triggers");
        assertThat(check(checks, "triggers").detail()).contains("not inspected");
    }

    @Test
    void evaluate_whenMeasuredAtAMarker_acceptsAmountsWithinTheToleranceButNotNewDefinitions() {
        ObjectInventory snapshot = new ObjectInventory(kinds());
        SnapshotManifest atMarker = SnapshotManifest.atMarker(new SnapshotId("st-auto-chat-20261125t1200z"),
                new DatabaseId("chat"), new SnapshotMarker("5b0e4b4e-7d39-4f39-a8a4-1b1c3c5d6e7f", AT), "15.8", snapshot,
                COUNTS, TOLERANCE);
        Map<String, Map<String, String>> drifted = kinds();
        drifted.put(ObjectInventory.MATERIALIZED_VIEWS, Map.of("chat.messages_per_user", "definition m1, rows 2003"));
        drifted.put(ObjectInventory.LARGE_OBJECTS, Map.of("424201", "md5 aaaa, 20 bytes", "424203", "md5 d41d, 0 bytes",
                "424209", "md5 bbbb, 3 bytes"));
        Map<String, Long> counts = new HashMap<>(COUNTS);
        counts.put("chat.messages_default", 9L);

        List<CheckResult> drift = evaluate(atMarker, restored(new ObjectInventory(drifted), counts));
        drifted.put(ObjectInventory.MATERIALIZED_VIEWS, Map.of("chat.messages_per_user", "definition m2, rows 2000"));
        List<CheckResult> redefined = evaluate(atMarker, restored(new ObjectInventory(drifted), counts));

        assertThat(failed(drift)).isEmpty();
        assertThat(failed(redefined)).containsExactly("materialized-views");
    }

    @Test
    void objectInventory_whenAKindIsUnknown_refusesNamingIt() {
        assertThatThrownBy(() -> new ObjectInventory(Map.of("sequence", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sequence'");
    }

    @Test
    void sequencePosition_whenWrittenAndRead_roundTrips() {
        for (String text : List.of("42 by 1", "-5 by -1, not called", "9223372036854775807 by 1")) {
            assertThat(SequencePosition.parse(text).text()).isEqualTo(text);
        }
        assertThat(SequencePosition.parse("9223372036854775807 by 1").atOrBeyond(SequencePosition.parse("9223372036854775806 by 1")))
                .isTrue();
        assertThatThrownBy(() -> SequencePosition.parse("42")).hasMessageContaining("'42'");
    }
}
