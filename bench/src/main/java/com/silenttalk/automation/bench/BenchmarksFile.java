package com.silenttalk.automation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Each benchmark owns one marked section of BENCHMARKS.md and replaces only that section. */
final class BenchmarksFile {
    private BenchmarksFile() {
    }

    static void replaceSection(Path file, String name, String body) throws IOException {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.exists(file) ? Files.readString(file)
                : "# Benchmarks\n\nMeasured figures, how they were measured and on what machine. Each section is written by the harness named in it.\n\n";
        String section = begin + "\n" + body.strip() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the JVM figures below still say enough
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap, Java " + System.getProperty("java.version");
    }
}
