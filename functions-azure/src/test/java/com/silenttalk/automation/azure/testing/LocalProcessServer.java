package com.silenttalk.automation.azure.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server process on 127.0.0.1 that tests need. Started once per test run and stopped by
 * JUnit's root store when the run ends, whatever happened in between (including a failed start).
 */
public final class LocalProcessServer implements ExtensionContext.Store.CloseableResource {
    private final String name;
    private final Process process;
    private final Path log;

    private LocalProcessServer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static LocalProcessServer start(String name, List<String> command, Map<String, String> env,
                                           List<Integer> ports, long startupSeconds) {
        Path log;
        Process process;
        try {
            log = Files.createTempFile(name, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        LocalProcessServer server = new LocalProcessServer(name, process, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startupSeconds);
        for (int port : ports) {
            boolean listening = false;
            while (!listening && System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue()
                            + " before listening; log: " + server.logTail());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    listening = true;
                } catch (IOException notYet) {
                    sleep(100);
                }
            }
            if (!listening) {
                server.close();
                throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within "
                        + startupSeconds + " s; log: " + server.logTail());
            }
        }
        return server;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path repoRoot() {
        String root = System.getProperty("silenttalk.repoRoot");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root).toAbsolutePath().normalize();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** azurite can ignore SIGTERM for seconds: wait, then kill it and its children. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log); // the log only matters while a start fails, and that message already quotes it
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
