package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DatabaseIdTest {
    @Property
    void forDatabaseName_whenAnyPostgresName_givesAValidLabelThatMakesAValidSnapshotId(
            @ForAll @StringLength(min = 1, max = 63) String name) {
        DatabaseId label = DatabaseId.forDatabaseName(name);

        assertThat(label.value()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*").hasSizeLessThanOrEqualTo(40);
        assertThat(DatabaseId.forDatabaseName(name)).isEqualTo(label);
        assertThat(SnapshotWindow.containing(Instant.parse("2026-12-07T13:00:00Z"), Duration.ofHours(6))
                .snapshotIdFor(label).value()).startsWith("st-auto-" + label.value() + "-");
    }

    @Property
    void forDatabaseName_whenTheNameIsAlreadyALabel_keepsIt(@ForAll("labels") String name) {
        assertThat(DatabaseId.forDatabaseName(name).value()).isEqualTo(name);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> labels() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(40);
    }

    @Property
    void forDatabaseName_whenTwoNamesDiffer_givesDifferentLabels(@ForAll @StringLength(min = 1, max = 63) String a,
                                                                 @ForAll @StringLength(min = 1, max = 63) String b) {
        if (!a.equals(b)) {
            assertThat(DatabaseId.forDatabaseName(a)).isNotEqualTo(DatabaseId.forDatabaseName(b));
        }
    }

    @Test
    void forDatabaseName_whenNamesReadAlike_keepsThemApartAndReadable() {
        DatabaseId underscore = DatabaseId.forDatabaseName("rw_drop");

        assertThat(underscore.value()).matches("rw-drop-[0-9a-f]{8}");
        assertThat(DatabaseId.forDatabaseName("rw-drop").value()).isEqualTo("rw-drop");
        assertThat(DatabaseId.forDatabaseName("RW_DROP")).isNotEqualTo(underscore);
        assertThat(DatabaseId.forDatabaseName("2024").value()).matches("db-2024-[0-9a-f]{8}");
        assertThat(DatabaseId.forDatabaseName("Ünïcode \"DB\"").value()).matches("n-code-db-[0-9a-f]{8}");
        assertThat(DatabaseId.forDatabaseName("x".repeat(63)).value()).hasSize(40);
    }

    @Test
    void forDatabaseName_whenEmpty_namesTheField() {
        assertThatThrownBy(() -> DatabaseId.forDatabaseName("")).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("database:");
    }
}
