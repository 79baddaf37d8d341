package com.silenttalk.automation.local.rotation;

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
import com.silenttalk.automation.core.UntrustedText;

/**
 * The few RESP commands rotation needs, over a plain socket. Arguments may be passwords, so they
 * are written as bytes, wiped after use, and never appear in an exception: a reply error carries
 * only the server's error line (Redis never echoes AUTH or ACL arguments).
 */
final class RedisConnection implements AutoCloseable {
    /** A "-ERR ..." reply. */
    static final class ReplyError extends IOException {
        ReplyError(String line) {
            super(line);
        }

        boolean wrongPassword() {
            return getMessage().startsWith("WRONGPASS") || getMessage().startsWith("ERR invalid password");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisConnection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one command; each argument is a char array (so passwords need not become Strings). Returns a simple reply or bulk string. */
    String command(char[]... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (char[] arg : args) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(arg));
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(b, (byte) 0);
        }
        byte[] wire = buf.toByteArray();
        out.write(wire);
        out.flush();
        Arrays.fill(wire, (byte) 0);
        return reply();
    }

    String command(String... args) throws IOException {
        return command(Arrays.stream(args).map(String::toCharArray).toArray(char[][]::new));
    }

    private String reply() throws IOException {
        String line = line();
        if (line.isEmpty()) {
            throw new IOException("empty reply");
        }
        return switch (line.charAt(0)) {
            case '+', ':' -> line.substring(1);
            case '-' -> throw new ReplyError(line.substring(1));
            case '$' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(n + 2);
                yield new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : "\n").append(reply());
                }
                yield sb.toString();
            }
            default -> throw new IOException("unexpected reply type " + UntrustedText.quoted(line.charAt(0)));
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("connection closed by the server");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
