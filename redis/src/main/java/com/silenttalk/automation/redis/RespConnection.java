package com.silenttalk.automation.redis;

import com.silenttalk.automation.core.UntrustedText;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection speaking RESP, the Redis protocol, as rotation needs it: commands as arrays of
 * bulk strings, replies read as text. Arguments may be passwords, so they are char arrays written
 * as bytes and wiped after use, and never appear in an exception: a reply error carries the
 * server's error line with every quoted part taken out, because Redis quotes what it refuses
 * (an ACL SETUSER error repeats the modifier, {@code '>password'} included).
 */
public final class RespConnection implements AutoCloseable {
    /** An error reply ({@code -WRONGPASS ...}, {@code -ERR ...}); the message is the server's line without the {@code -}. */
    public static final class ReplyError extends IOException {
        ReplyError(String line) {
            super(line);
        }

        /** The login was refused: a wrong password, or (before Redis 6) an invalid one. */
        public boolean wrongPassword() {
            return getMessage().startsWith("WRONGPASS") || getMessage().startsWith("ERR invalid password");
        }

        /** The server wants a login first. */
        public boolean authenticationRequired() {
            return getMessage().startsWith("NOAUTH");
        }
    }

    /** A reply that is not RESP (something else listens on the port, or the reply was cut); the message quotes what came. */
    public static final class ProtocolError extends IOException {
        ProtocolError(String message) {
            super(message);
        }

        ProtocolError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects within {@code timeoutMillis}, which also bounds every reply; over TLS when the server requires it (ElastiCache in transit). */
    public static RespConnection open(String host, int port, boolean tls, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            Socket socket = tls ? ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true) : plain;
            return new RespConnection(socket);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Sends one command; each argument is a char array, so passwords need not become Strings. Returns a simple
     * reply, an integer or a bulk string as text (null for a nil bulk string), an array as its elements one per line.
     *
     * @throws ReplyError    for an error reply
     * @throws ProtocolError for a reply that is not RESP
     */
    public String command(char[]... args) throws IOException {
        byte[] wire = encode(args);
        try {
            out.write(wire);
            out.flush();
        } finally {
            Arrays.fill(wire, (byte) 0);
        }
        return reply();
    }

    public String command(String... args) throws IOException {
        return command(Arrays.stream(args).map(String::toCharArray).toArray(char[][]::new));
    }

    /** The command as RESP: {@code *<n>} then {@code $<length>} and the UTF-8 bytes of each argument. The caller wipes the result. */
    static byte[] encode(char[]... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (char[] arg : args) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(arg));
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(b, (byte) 0);
        }
        return buf.toByteArray();
    }

    private String reply() throws IOException {
        String line = line();
        if (line.isEmpty()) {
            throw new ProtocolError("empty reply");
        }
        return switch (line.charAt(0)) {
            case '+', ':' -> line.substring(1);
            case '-' -> throw new ReplyError(withoutQuotedText(line.substring(1)));
            case '$' -> {
                int n = length(line);
                if (n < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(n + 2);
                if (b.length < n + 2) {
                    throw new IOException("connection closed by the server");
                }
                yield new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = length(line);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : "\n").append(reply());
                }
                yield sb.toString();
            }
            default -> throw new ProtocolError("unexpected reply type " + UntrustedText.quoted(line.charAt(0)));
        };
    }

    /** The error line with each {@code '...'} replaced by {@code '(redacted)'}; an unpaired quote redacts to the end. */
    static String withoutQuotedText(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int from = 0;
        int open;
        while ((open = line.indexOf('\'', from)) >= 0) {
            int close = line.indexOf('\'', open + 1);
            out.append(line, from, open).append("'(redacted)'");
            if (close < 0) {
                return out.toString();
            }
            from = close + 1;
        }
        return out.append(line, from, line.length()).toString();
    }

    private static int length(String line) throws IOException {
        try {
            return Integer.parseInt(line.substring(1));
        } catch (NumberFormatException e) {
            throw new ProtocolError("unreadable length in reply " + UntrustedText.quoted(line), e);
        }
    }

    /** One line up to CRLF; the connection closing before it is an IOException. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            b.write(c);
        }
        if (c == -1) {
            throw new IOException("connection closed by the server");
        }
        in.read(); // the \n
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
