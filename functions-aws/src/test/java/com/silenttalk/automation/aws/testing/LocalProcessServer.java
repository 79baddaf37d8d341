package com.silenttalk.automation.aws.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server process on 127.0.0.1 that a test class needs. Started once per test run and
 * stopped by JUnit's root store when the run ends, whatever happened in between.
 */
public final class LocalProcessServer implements ExtensionContext.Store.CloseableResource {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private LocalProcessServer(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static LocalProcessServer start(String name, List<String> command, int port, long startupSeconds) {
        Path log;
        Process process;
        try {
            log = Files.createTempFile(name, ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        LocalProcessServer server = new LocalProcessServer(name, process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startupSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before listening; log: "
                        + server.logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return server;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within " + startupSeconds
                + " s; log: " + server.logTail());
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

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
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
