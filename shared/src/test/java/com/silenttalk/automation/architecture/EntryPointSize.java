package com.silenttalk.automation.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long an entry point (a Lambda handler, an Azure function class) is in its own code: the
 * lines of its source file that are neither blank, nor comments, nor the package and import
 * lines. A thin entry point parses, calls one use case, renders and logs; past
 * {@value #LIMIT} such lines it is doing a use case's or an adapter's work.
 */
public final class EntryPointSize {
    public static final int LIMIT = 60;

    private EntryPointSize() {
    }

    /** The own lines of Java source text; text blocks and string literals count as code. */
    public static int ownLines(String source) {
        int count = 0;
        boolean inComment = false;
        for (String raw : source.split("\r?\n", -1)) {
            String line = raw.strip();
            StringBuilder code = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                if (inComment) {
                    int end = line.indexOf("*/", i);
                    if (end < 0) {
                        i = line.length();
                    } else {
                        inComment = false;
                        i = end + 2;
                    }
                } else if (line.startsWith("//", i)) {
                    i = line.length();
                } else if (line.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else if (line.charAt(i) == '"') {
                    int end = closingQuote(line, i);
                    code.append(line, i, end);
                    i = end;
                } else {
                    code.append(line.charAt(i));
                    i++;
                }
            }
            String kept = code.toString().strip();
            if (!kept.isEmpty() && !kept.startsWith("import ") && !kept.startsWith("package ")) {
                count++;
            }
        }
        return count;
    }

    /** Where a string literal that opens at {@code open} ends (past its closing quote), or the line's end. */
    private static int closingQuote(String line, int open) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return line.length();
    }

    /** The own lines of a top-level class's source under {@code sourceRoot} (a module's src/main/java). */
    public static int ownLines(Path sourceRoot, Class<?> type) {
        Path file = sourceOf(sourceRoot, type);
        try {
            return ownLines(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Path sourceOf(Path sourceRoot, Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return sourceRoot.resolve(top.getName().replace('.', '/') + ".java");
    }

    /** Each entry point's own lines, largest first. */
    public static Map<Class<?>, Integer> measure(Path sourceRoot, Collection<Class<?>> entryPoints) {
        Map<Class<?>, Integer> sizes = new LinkedHashMap<>();
        entryPoints.stream().sorted(Comparator.comparing(Class::getName))
                .forEach(type -> sizes.put(type, ownLines(sourceRoot, type)));
        return sizes;
    }

    /** Fails naming every entry point past {@link #LIMIT}, with its own lines. */
    public static void requireWithinLimit(Path sourceRoot, Collection<Class<?>> entryPoints) {
        if (entryPoints.isEmpty()) {
            throw new AssertionError("no entry points found under " + sourceRoot + ": the check would pass vacuously");
        }
        List<String> tooLong = new ArrayList<>();
        measure(sourceRoot, entryPoints).forEach((type, lines) -> {
            if (lines > LIMIT) {
                tooLong.add(type.getSimpleName() + " has " + lines + " own lines");
            }
        });
        if (!tooLong.isEmpty()) {
            throw new AssertionError("entry points longer than " + LIMIT + " own lines (move the work into a use case, "
                    + "a wiring or an adapter): " + String.join("; ", tooLong));
        }
    }
}
