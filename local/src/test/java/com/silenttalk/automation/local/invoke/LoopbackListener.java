package com.silenttalk.automation.local.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on 127.0.0.1 that every endpoint of a dry-run is pointed at: it accepts, notes the first line the
 * client sends (to say which endpoint was reached), and hangs up. A dry-run must leave it with no connection.
 */
final class LoopbackListener implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    LoopbackListener() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "loopback-listener-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** One entry per accepted connection: the first line it sent, or how it ended. */
    List<String> connections() {
        return List.copyOf(connections);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(500);
                connections.add(firstLine(socket.getInputStream()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                connections.add("connection ended: " + e);
            }
        }
    }

    private static String firstLine(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
                line.append((char) c);
            }
        } catch (IOException e) {
            line.append(" (").append(e.getClass().getSimpleName()).append(')');
        }
        return line.toString().strip();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
