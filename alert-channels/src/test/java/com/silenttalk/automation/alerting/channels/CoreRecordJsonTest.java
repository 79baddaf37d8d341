package com.silenttalk.automation.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.VerificationStatus;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoreRecordJsonTest {
    private static final Instant AT = Instant.parse("2026-11-25T18:00:30Z");
    private static final Snapshot COPY = new Snapshot(new SnapshotId("st-auto-chat-20261125t1800z"), new DatabaseId("chat"),
            "eu-central-1", AT, true, VerificationStatus.UNVERIFIED,
            Optional.of(new SnapshotRef("eu-west-1", new SnapshotId("st-auto-chat-20261125t1800z"))), CopyKind.SUITE_SNAPSHOT, null);
    private static final String COPY_JSON = "{\"id\":\"st-auto-chat-20261125t1800z\",\"database\":\"chat\",\"region\":\"eu-central-1\","
            + "\"createdAt\":\"2026-11-25T18:00:30Z\",\"createdBySuite\":true,\"verification\":\"UNVERIFIED\","
            + "\"copiedFrom\":{\"region\":\"eu-west-1\",\"id\":\"st-auto-chat-20261125t1800z\"},\"kind\":\"SUITE_SNAPSHOT\",\"location\":null}";

    @Test
    void write_whenARecordHasIdsNullsAndADerivedAccessor_writesIdsAsTextNullsAsNullAndOnlyComponents() {
        // isCopy() is derived from copiedFrom: not state, not written
        assertThat(CoreRecordJson.write(COPY)).isEqualTo(COPY_JSON);
    }

    @Test
    void write_whenAMapIsUnordered_writesItsEntriesSortedByKey() {
        SnapshotManifest manifest = new SnapshotManifest(new SnapshotId("st-auto-chat-20261125t1800z"), new DatabaseId("chat"), AT,
                "15.8", "f".repeat(64), Map.of("public.zones", 7L, "public.audit", 0L, "public.users", 100L, "public.messages", 2L),
                "ab".repeat(32), 1);

        assertThat(CoreRecordJson.write(manifest))
                .contains("\"rowCounts\":{\"public.audit\":0,\"public.messages\":2,\"public.users\":100,\"public.zones\":7}");
    }

    @Test
    void read_whenWrittenByAnOlderVersion_readsUnknownFieldsAwayAndIdsInTheirObjectForm() {
        String older = COPY_JSON.replace("\"database\":\"chat\"", "\"database\":{\"value\":\"chat\"}")
                .replace("\"location\":null", "\"copy\":true,\"retiredField\":[1,2]");

        assertThat(CoreRecordJson.read(older, Snapshot.class)).isEqualTo(COPY);
    }

    @Test
    void read_whenAFieldIsRepeated_isRefused() {
        String twice = COPY_JSON.replace("\"region\":\"eu-central-1\",", "\"region\":\"eu-central-1\",\"region\":\"eu-west-1\",");

        assertThatThrownBy(() -> CoreRecordJson.read(twice, Snapshot.class))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Snapshot").hasMessageContaining("region");
    }

    @Test
    void read_whenContentFollowsTheValue_isRefused() {
        assertThatThrownBy(() -> CoreRecordJson.read(COPY_JSON + "{}", Snapshot.class)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void read_whenAnEnumIsANumber_isRefused() {
        String numbered = COPY_JSON.replace("\"verification\":\"UNVERIFIED\"", "\"verification\":1");

        assertThatThrownBy(() -> CoreRecordJson.read(numbered, Snapshot.class)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void read_whenAnIdObjectHasMoreThanItsValue_isRefused() {
        String odd = COPY_JSON.replace("\"database\":\"chat\"", "\"database\":{\"value\":\"chat\",\"other\":\"x\"}");

        assertThatThrownBy(() -> CoreRecordJson.read(odd, Snapshot.class)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void toMap_whenReadBackWithFromMap_givesAnEqualRecord() {
        Map<String, Object> map = CoreRecordJson.toMap(COPY);

        assertThat(map).containsEntry("database", "chat").doesNotContainKey("copy");
        assertThat(CoreRecordJson.fromMap(map, Snapshot.class)).isEqualTo(COPY);
    }

    @Test
    void write_whenTextHoldsABidiOverride_escapesIt() {
        Snapshot named = new Snapshot(COPY.id(), COPY.database(), "eu\u202ewest", AT, true, VerificationStatus.UNVERIFIED,
                Optional.empty(), CopyKind.SUITE_SNAPSHOT, null);

        assertThat(CoreRecordJson.write(named)).containsIgnoringCase("eu\\u202Ewest").doesNotContain("\u202e");
    }
}
