package com.silenttalk.automation.infra.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs infra/scripts/setup-turn-server.sh for 127.0.0.1, starts Debian's coturn with the result and
 * allocates relays with turnutils_uclient using the long-term credentials. Everything binds to
 * 127.0.0.1; the server is stopped on every path.
 */
class TurnServerSetupTest {

    private static final String USER = "silenttalk";
    private static final String PASSWORD = "correct-horse-battery-staple";
    private static final String REALM = "turn.test.local";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    @Test
    void setupScript_whenRunFor127001_writesLongTermCredentialConfigWithoutThePlainPassword() throws Exception {
        Path config = writeConfig(40000, 40001, 50000, 50099, false);

        String text = Files.readString(config);
        assertThat(text).contains("listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=40000",
                "tls-listening-port=40001", "min-port=50000", "max-port=50099", "realm=" + REALM, "lt-cred-mech",
                "user=" + USER + ":0x", "denied-peer-ip=169.254.0.0-169.254.255.255");
        assertThat(text).doesNotContain(PASSWORD);
    }

    @Test
    void setupScript_whenPasswordMissing_failsNamingIt() throws Exception {
        ProcessResult result = run(List.of(script().toString(), "--listen-ip", "127.0.0.1", "--realm", REALM,
                "--user", USER, "--output", dir.resolve("x.conf").toString()), Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("--password is required");
        assertThat(dir.resolve("x.conf")).doesNotExist();
    }

    @Test
    void turnserver_whenStartedWithGeneratedConfig_allocatesRelayWithLongTermCredentials() throws Exception {
        requireOnPath("turnserver");
        requireOnPath("turnutils_uclient");
        requireOnPath("openssl");
        int port = freePort();
        int tlsPort = freePort();
        int relayBase = 20000 + ThreadLocalRandom.current().nextInt(20000);
        Path config = writeConfig(port, tlsPort, relayBase, relayBase + 199, true);

        Process server = new ProcessBuilder("turnserver", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.out").toFile()).start();
        try {
            awaitListening(server, port);

            ProcessResult allocation = run(uclient(port, PASSWORD), Map.of());
            assertThat(allocation.exitCode()).as(allocation.output()).isZero();
            assertThat(allocation.output()).doesNotContain("ERROR");
            assertThat(receivedMessages(allocation.output())).as(allocation.output()).isPositive();

            ProcessResult rejected = run(uclient(port, "wrong-password"), Map.of());
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.output()).contains("Cannot complete Allocation");

            assertThat(tlsProtocol(tlsPort)).isIn("TLSv1.2", "TLSv1.3");
        } finally {
            stop(server);
        }
    }

    private Path writeConfig(int port, int tlsPort, int minPort, int maxPort, boolean withTls) throws Exception {
        Path config = dir.resolve("turnserver.conf");
        List<String> command = new ArrayList<>(List.of(script().toString(), "--listen-ip", "127.0.0.1",
                "--realm", REALM, "--user", USER, "--port", Integer.toString(port), "--tls-port", Integer.toString(tlsPort),
                "--min-port", Integer.toString(minPort), "--max-port", Integer.toString(maxPort),
                "--log-file", dir.resolve("turn.log").toString(), "--state-dir", dir.resolve("state").toString(),
                "--output", config.toString(), "--allow-loopback-peers"));
        if (withTls) {
            ProcessResult cert = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                    "-out", dir.resolve("cert.pem").toString()), Map.of());
            assertThat(cert.exitCode()).as(cert.output()).isZero();
            command.addAll(List.of("--cert", dir.resolve("cert.pem").toString(), "--pkey", dir.resolve("key.pem").toString()));
        }
        ProcessResult result = run(command, Map.of("TURN_PASSWORD", PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return config;
    }

    private static List<String> uclient(int port, String password) {
        // -y: two clients relay to each other through their allocations; -n/-m/-l keep the run small.
        return List.of("turnutils_uclient", "-u", USER, "-w", password, "-r", REALM, "-p", Integer.toString(port),
                "-y", "-n", "1", "-m", "1", "-l", "100", "127.0.0.1");
    }

    private static int receivedMessages(String output) {
        Matcher matcher = Pattern.compile("tot_recv_msgs=(\\d+)").matcher(output);
        int last = -1;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    /** Completes a TLS handshake on the TLS port (the certificate is the test's own, so any is trusted). */
    private static String tlsProtocol(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(LOOPBACK, port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static void awaitListening(Process server, int port) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!server.isAlive()) {
                throw new AssertionError("turnserver exited with " + server.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("turnserver did not listen on 127.0.0.1:" + port);
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1 (TURN listens on both). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for TCP and UDP on 127.0.0.1");
    }

    private static void requireOnPath(String tool) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            throw new AssertionError(tool + " is not on PATH: run scripts/install-test-deps.sh (it installs Debian coturn)");
        }
    }

    private static Path script() {
        return RepositoryLayout.infraDir().resolve("scripts/setup-turn-server.sh");
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private ProcessResult run(List<String> command, Map<String, String> environment) throws Exception {
        File out = Files.createTempFile(dir, "process", ".out").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(command.get(0) + " did not finish within 60 s");
            }
            return new ProcessResult(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
