package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
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
 * One Redis login attempt ({@code AUTH [user] password}, then {@code PING}), over TLS when the cache has
 * in-transit encryption (ElastiCache requires it for AUTH). The password is written as bytes and wiped;
 * Redis's error lines never echo it, and they are the only text that reaches a message.
 */
final class RedisAuthProbe {
    private final String host;
    private final int port;
    private final boolean tls;
    private final int timeoutMillis;

    RedisAuthProbe(String host, int port, boolean tls, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    Login tryLogin(Credential credential) {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            boolean defaultUser = credential.username().equals("default");
            char[][] args = defaultUser
                    ? new char[][] {"AUTH".toCharArray(), credential.password()}
                    : new char[][] {"AUTH".toCharArray(), credential.username().toCharArray(), credential.password()};
            write(out, args);
            String reply = line(in);
            if (reply.startsWith("-WRONGPASS") || reply.startsWith("-ERR invalid password") || reply.startsWith("-NOAUTH")) {
                return Login.REJECTED;
            }
            if (!reply.equals("+OK")) {
                throw new RotationFailedException("redis://" + host + ":" + port + " answered AUTH with: " + reply);
            }
            write(out, new char[][] {"PING".toCharArray()});
            return line(in).equals("+PONG") ? Login.ACCEPTED : Login.REJECTED;
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot reach redis://" + host + ":" + port + (tls ? " (TLS)" : "") + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private Socket open() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), timeoutMillis);
        plain.setSoTimeout(timeoutMillis);
        if (!tls) {
            return plain;
        }
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
    }

    private static void write(OutputStream out, char[][] args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (char[] arg : args) {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(arg));
            byte[] b = new byte[encoded.remaining()];
            encoded.get(b);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(b, (byte) 0);
        }
        byte[] wire = buf.toByteArray();
        out.write(wire);
        out.flush();
        Arrays.fill(wire, (byte) 0);
    }

    private static String line(InputStream in) throws IOException {
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
}
