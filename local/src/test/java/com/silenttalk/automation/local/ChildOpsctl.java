package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link PausingOpsctl} process run from a directory, its stderr read as it comes, its stdout kept in a file. */
public final class ChildOpsctl implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private ChildOpsctl(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    stderr.add(line);
                }
            } catch (IOException e) {
                stderr.add("(stderr unreadable: " + e.getMessage() + ")");
            }
        }, "child-opsctl-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts opsctl in {@code dir}; it pauses at {@code pauseAt} (comma-separated crash points, or none). */
    public static ChildOpsctl start(Path dir, String pauseAt, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + PausingOpsctl.PAUSE_AT + "=" + pauseAt, PausingOpsctl.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, ".child-stdout", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("OPSCTL_"));
        pb.environment().clear();
        pb.environment().putAll(env);
        return new ChildOpsctl(pb.start(), out);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a stderr line; fails with everything the child said when it does not come. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        boolean exited = false;
        while (System.nanoTime() < end) {
            synchronized (stderr) {
                for (String line : stderr) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            if (exited) {
                break;
            }
            exited = !process.isAlive(); // one more look: the reader may still be adding its last lines
            Thread.sleep(exited ? 300 : 50);
        }
        return fail("the line never came (exited: %s); the child said:%n%s", exited, stderr());
    }

    public String awaitPause(String point) throws InterruptedException {
        return awaitLine(l -> l.equals("[paused] " + point), Duration.ofMinutes(3));
    }

    /** Lets a paused child go on. */
    public void resume() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** SIGKILL, as a crash: no shutdown hook, no finally block runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("still running after %s; it said:%n%s", timeout, stderr());
        }
        Thread.sleep(200);
        return process.exitValue();
    }

    public String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stdout);
    }
}
