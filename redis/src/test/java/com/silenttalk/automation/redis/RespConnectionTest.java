package com.silenttalk.automation.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** RESP against a real Redis on 127.0.0.1 (embedded-redis), and against a socket that does not speak it. */
class RespConnectionTest {
    static final String PASSWORD = "resp-Secret-Token-0123456789abcdef";
    static final String WRONG = "resp-Wrong-Token-must-not-appear-42";

    static RedisServer redis;
    static int port;

    @BeforeAll
    static void startRedis() throws IOException {
        port = freePort();
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("requirepass " + PASSWORD)
                .setting("save \"\"").setting("appendonly no").build();
        redis.start();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        redis.stop();
    }

    static RespConnection loggedIn() throws IOException {
        RespConnection c = RespConnection.open("127.0.0.1", port, false, 5000);
        assertThat(c.command("AUTH".toCharArray(), PASSWORD.toCharArray())).isEqualTo("OK");
        return c;
    }

    @Test
    void encode_whenArgumentsAreGiven_writesAnArrayOfBulkStringsWithByteLengths() {
        byte[] wire = RespConnection.encode("AUTH".toCharArray(), "pässwörd".toCharArray());

        assertThat(new String(wire, StandardCharsets.UTF_8)).isEqualTo("*2\r\n$4\r\nAUTH\r\n$10\r\npässwörd\r\n");
    }

    @Test
    void command_whenAuthIsRight_answersOkAndThenPong() throws IOException {
        try (RespConnection c = loggedIn()) {
            assertThat(c.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void command_whenThePasswordIsWrong_throwsWrongPasswordWithoutThePassword() throws IOException {
        try (RespConnection c = RespConnection.open("127.0.0.1", port, false, 5000)) {
            assertThatThrownBy(() -> c.command("AUTH".toCharArray(), WRONG.toCharArray()))
                    .isInstanceOfSatisfying(RespConnection.ReplyError.class, e -> {
                        assertThat(e.wrongPassword()).isTrue();
                        assertThat(e.authenticationRequired()).isFalse();
                    })
                    .hasMessageStartingWith("WRONGPASS")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(WRONG).doesNotContain(PASSWORD));
        }
    }

    @Test
    void command_whenNotLoggedIn_throwsAuthenticationRequired() throws IOException {
        try (RespConnection c = RespConnection.open("127.0.0.1", port, false, 5000)) {
            assertThatThrownBy(() -> c.command("GET", "anything"))
                    .isInstanceOfSatisfying(RespConnection.ReplyError.class, e -> {
                        assertThat(e.authenticationRequired()).isTrue();
                        assertThat(e.wrongPassword()).isFalse();
                    })
                    .hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    void command_whenTheReplyIsABulkString_returnsItsExactBytes() throws IOException {
        String value = "line one\r\nline twö";
        try (RespConnection c = loggedIn()) {
            assertThat(c.command("SET", "resp:bulk", value)).isEqualTo("OK");

            assertThat(c.command("GET", "resp:bulk")).isEqualTo(value);
            assertThat(c.command("GET", "resp:missing")).isNull();
            assertThat(c.command("STRLEN", "resp:bulk")).isEqualTo(String.valueOf(value.getBytes(StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void command_whenTheReplyIsAnArray_returnsOneElementPerLine() throws IOException {
        try (RespConnection c = loggedIn()) {
            c.command("DEL", "resp:list");
            assertThat(c.command("RPUSH", "resp:list", "a", "b", "c")).isEqualTo("3");

            assertThat(c.command("LRANGE", "resp:list", "0", "-1")).isEqualTo("a\nb\nc");
        }
    }

    @Test
    void command_whenTheServerAnswersAnError_throwsItsLineAndKeepsTheConnectionUsable() throws IOException {
        try (RespConnection c = loggedIn()) {
            assertThatThrownBy(() -> c.command("NOSUCHCOMMAND", "x"))
                    .isInstanceOfSatisfying(RespConnection.ReplyError.class, e -> assertThat(e.wrongPassword()).isFalse())
                    .hasMessageStartingWith("ERR unknown command");

            assertThat(c.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void command_whenAnAclPasswordIsRefused_redactsTheModifierRedisQuotes() throws IOException {
        // Redis answers "ERR Error in ACL SETUSER modifier '<password>': ..." here: the password is in its line
        try (RespConnection c = loggedIn()) {
            assertThatThrownBy(() -> c.command("ACL".toCharArray(), "SETUSER".toCharArray(), "resp-user".toCharArray(),
                    ("<" + WRONG).toCharArray()))
                    .isInstanceOf(RespConnection.ReplyError.class)
                    .hasMessageContaining("ACL SETUSER modifier '(redacted)'")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(WRONG));
        }
    }

    @Test
    void withoutQuotedText_whenQuotesArePairedOrNot_leavesNothingQuoted() {
        assertThat(RespConnection.withoutQuotedText("ERR unknown command 'AUTHX', with args beginning with: 'secret' "))
                .isEqualTo("ERR unknown command '(redacted)', with args beginning with: '(redacted)' ");
        assertThat(RespConnection.withoutQuotedText("ERR modifier '>secret")).isEqualTo("ERR modifier '(redacted)'");
        assertThat(RespConnection.withoutQuotedText("WRONGPASS invalid username-password pair")).isEqualTo("WRONGPASS invalid username-password pair");
    }

    @Test
    void command_whenSomethingElseListens_throwsProtocolErrorQuotingTheFirstByte() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> http = answerOnce(server, "HTTP/1.1 400 Bad Request\r\n\r\n");
            try (RespConnection c = RespConnection.open("127.0.0.1", server.getLocalPort(), false, 5000)) {
                assertThatThrownBy(() -> c.command("AUTH".toCharArray(), WRONG.toCharArray()))
                        .isInstanceOf(RespConnection.ProtocolError.class)
                        .hasMessageContaining("unexpected reply type")
                        .satisfies(e -> assertThat(e.toString()).doesNotContain(WRONG));
            }
            http.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void command_whenTheServerClosesMidReply_throwsConnectionClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> cut = answerOnce(server, "$10\r\nabc");
            try (RespConnection c = RespConnection.open("127.0.0.1", server.getLocalPort(), false, 5000)) {
                assertThatThrownBy(() -> c.command("GET", "k"))
                        .isInstanceOf(IOException.class)
                        .isNotInstanceOf(RespConnection.ReplyError.class)
                        .hasMessage("connection closed by the server");
            }
            cut.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void open_whenNothingListens_failsToConnect() throws IOException {
        int closed = freePort();

        assertThatThrownBy(() -> RespConnection.open("127.0.0.1", closed, false, 2000))
                .isInstanceOf(java.net.ConnectException.class);
    }

    /** Accepts one connection, reads the command, writes {@code reply} and closes. */
    private static CompletableFuture<Void> answerOnce(ServerSocket server, String reply) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[256]);
                OutputStream out = s.getOutputStream();
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
