package com.silenttalk.automation.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryPointSizeTest {

    @Test
    void ownLines_whenSourceHasImportsCommentsAndBlanks_countsOnlyCode() {
        String source = """
                package com.example;

                import java.util.List;
                import static java.util.Objects.requireNonNull;

                /**
                 * A javadoc of
                 * three lines.
                 */
                public final class Example { // trailing comment
                    // a line comment
                    /* a block */ private int a; /* another */
                    /* a block
                       over two lines */
                    String url = "http://x/*not a comment*/"; // but this is
                    String slashes = "//";

                    @Override
                    public String toString() {
                        return "}";
                    }
                }
                """;

        assertThat(EntryPointSize.ownLines(source)).isEqualTo(9);
    }

    @Test
    void ownLines_whenAStringHoldsAnEscapedQuote_keepsCountingAfterIt() {
        assertThat(EntryPointSize.ownLines("String s = \"a\\\"/*\";\nint b;\n")).isEqualTo(2);
    }

    @Test
    void requireWithinLimit_whenAnEntryPointIsLongerThanTheLimit_namesItWithItsLines(@TempDir Path root) throws IOException {
        write(root, Short.class, EntryPointSize.LIMIT);
        write(root, Long.class, EntryPointSize.LIMIT + 1);

        assertThatThrownBy(() -> EntryPointSize.requireWithinLimit(root, List.of(Short.class, Long.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Long has 61 own lines")
                .hasMessageNotContaining("Short");
    }

    @Test
    void requireWithinLimit_whenEveryEntryPointFits_passes(@TempDir Path root) throws IOException {
        write(root, Short.class, EntryPointSize.LIMIT);

        EntryPointSize.requireWithinLimit(root, List.of(Short.class));

        assertThat(EntryPointSize.measure(root, List.of(Short.class))).containsEntry(Short.class, EntryPointSize.LIMIT);
    }

    @Test
    void requireWithinLimit_whenNoEntryPointIsGiven_failsRatherThanPassVacuously(@TempDir Path root) {
        assertThatThrownBy(() -> EntryPointSize.requireWithinLimit(root, List.of()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no entry points");
    }

    @Test
    void ownLines_whenGivenANestedClass_readsItsTopLevelClassFile(@TempDir Path root) throws IOException {
        write(root, Nested.class.getEnclosingClass(), 3);

        assertThat(EntryPointSize.ownLines(root, Nested.class)).isEqualTo(3);
    }

    static final class Nested {
    }

    private static void write(Path root, Class<?> type, int codeLines) throws IOException {
        StringBuilder text = new StringBuilder("package x;\n\nimport java.util.List;\n// header\n");
        for (int i = 0; i < codeLines; i++) {
            text.append("int f").append(i).append(";\n\n");
        }
        Path file = EntryPointSize.sourceOf(root, type);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
