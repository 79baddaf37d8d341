package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotWindowTest {
    private static final Duration SIX_HOURS = Duration.ofHours(6);
    private static final DatabaseId CHAT = new DatabaseId("chat");

    @Test
    void snapshotIdFor_whenSixHourWindow_namesTheWindowStart() {
        SnapshotWindow window = SnapshotWindow.containing(Instant.parse("2026-11-25T17:59:00Z"), SIX_HOURS);

        assertThat(window.start()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(window.end()).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
        assertThat(window.snapshotIdFor(CHAT)).isEqualTo(new SnapshotId("st-auto-chat-20261125t1200z"));
    }

    @Test
    void snapshotIdFor_whenMidnight_usesZeroHour() {
        SnapshotWindow window = SnapshotWindow.containing(Instant.parse("2026-11-26T05:59:59Z"), SIX_HOURS);

        assertThat(window.snapshotIdFor(new DatabaseId("billing-eu")).value()).isEqualTo("st-auto-billing-eu-20261126t0000z");
    }

    @Test
    void containing_whenTwoInstantsInOneWindow_givesTheSameId() {
        SnapshotId first = SnapshotWindow.containing(Instant.parse("2026-11-25T12:00:00Z"), SIX_HOURS).snapshotIdFor(CHAT);
        SnapshotId second = SnapshotWindow.containing(Instant.parse("2026-11-25T17:59:59.999999999Z"), SIX_HOURS).snapshotIdFor(CHAT);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void containing_whenOnTheBoundary_belongsToTheNextWindow() {
        SnapshotWindow window = SnapshotWindow.containing(Instant.parse("2026-11-25T18:00:00Z"), SIX_HOURS);

        assertThat(window.start()).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
        assertThat(window.snapshotIdFor(CHAT).value()).isEqualTo("st-auto-chat-20261125t1800z");
    }

    @Test
    void containing_whenBeforeTheEpoch_roundsDown() {
        SnapshotWindow window = SnapshotWindow.containing(Instant.parse("1969-12-31T23:00:00Z"), SIX_HOURS);

        assertThat(window.start()).isEqualTo(Instant.parse("1969-12-31T18:00:00Z"));
    }

    @Test
    void containing_whenLengthUnderOneSecond_throws() {
        assertThatThrownBy(() -> SnapshotWindow.containing(Instant.EPOCH, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_whenLengthZeroOrNegative_throws() {
        assertThatThrownBy(() -> new SnapshotWindow(Instant.EPOCH, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotWindow(Instant.EPOCH, Duration.ofHours(-6))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runKeyFor_whenSnapshotAction_namesActionDatabaseAndWindow() {
        SnapshotWindow window = SnapshotWindow.containing(Instant.parse("2026-11-25T17:59:00Z"), SIX_HOURS);

        assertThat(window.runKeyFor("snapshot", CHAT)).isEqualTo("snapshot/chat/20261125t1200z");
        assertThat(window.runKeyFor("snapshot", new DatabaseId("billing"))).isNotEqualTo(window.runKeyFor("snapshot", CHAT));
    }

    @Test
    void snapshotIdFor_whenSuiteCreatesIt_carriesTheSuitePrefix() {
        SnapshotId id = SnapshotWindow.containing(Instant.parse("2026-11-25T17:59:00Z"), SIX_HOURS).snapshotIdFor(CHAT);

        assertThat(id.value()).startsWith(SnapshotWindow.SUITE_PREFIX);
    }

    @Property
    void containing_whenAnyInstant_windowHoldsItAndIdIsThatOfItsStart(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = 1, max = 48) int hours) {
        Instant t = Instant.ofEpochSecond(epochSecond, nanos);
        Duration length = Duration.ofHours(hours);

        SnapshotWindow window = SnapshotWindow.containing(t, length);

        assertThat(window.start()).isBeforeOrEqualTo(t);
        assertThat(window.end()).isAfter(t);
        assertThat(SnapshotWindow.containing(window.start(), length)).isEqualTo(window);
        assertThat(SnapshotWindow.containing(window.end(), length).snapshotIdFor(CHAT)).isNotEqualTo(window.snapshotIdFor(CHAT));
    }

    // ---- DatabaseId and SnapshotId -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"chat", "chat-prod", "db1-eu-west-1", "a"})
    void databaseId_whenValid_keepsTheValue(String value) {
        assertThat(new DatabaseId(value).value()).isEqualTo(value);
        assertThat(new DatabaseId(value)).hasToString(value);
    }

    @Test
    void databaseId_whenFortyCharacters_isAccepted() {
        assertThat(new DatabaseId("a".repeat(40)).value()).hasSize(40);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Chat", "1chat", "-chat", "chat-", "chat--prod", "chat_prod", "chat prod", "chät"})
    void databaseId_whenInvalid_throwsNamingTheField(String value) {
        assertThatThrownBy(() -> new DatabaseId(value))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("database"))
                .hasMessageStartingWith("database: ");
    }

    @Test
    void databaseId_whenFortyOneCharacters_throws() {
        assertThatThrownBy(() -> new DatabaseId("a".repeat(41))).isInstanceOf(InvalidFieldException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"st-auto-chat-20261125t1200z", "manual1", "rds-snap-2"})
    void snapshotId_whenValid_keepsTheValue(String value) {
        assertThat(new SnapshotId(value)).hasToString(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"St-auto", "9snap", "snap-", "snap--1", "snap.1", "snap/1"})
    void snapshotId_whenInvalid_throwsNamingTheField(String value) {
        assertThatThrownBy(() -> new SnapshotId(value))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("snapshotId"));
    }

    @Test
    void snapshotId_whenLongerThan255_throws() {
        assertThat(new SnapshotId("s".repeat(255)).value()).hasSize(255);
        assertThatThrownBy(() -> new SnapshotId("s".repeat(256))).isInstanceOf(InvalidFieldException.class);
    }
}
