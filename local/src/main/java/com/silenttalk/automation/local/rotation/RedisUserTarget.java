package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.CredentialTarget;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.redis.RespConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A Redis ACL user, or the AUTH token (the {@code default} user), with ElastiCache's token semantics:
 * set is {@code ROTATE} (the login in use and the new password are both valid, never more than two),
 * and after promotion {@code SET} leaves only the new one. Passwords are sent to Redis as SHA-256
 * hashes ({@code #<hex>}), so the plain password travels only in AUTH.
 */
public final class RedisUserTarget implements CredentialTarget {
    private final String host;
    private final int port;
    private final int timeoutMillis;

    public RedisUserTarget(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String describe() {
        return "redis://" + host + ":" + port;
    }

    @Override
    public Login tryLogin(Credential credential) {
        try (RespConnection c = open()) {
            c.command("AUTH".toCharArray(), credential.username().toCharArray(), credential.password());
            return Login.ACCEPTED;
        } catch (RespConnection.ReplyError e) {
            if (e.wrongPassword()) {
                return Login.REJECTED;
            }
            throw failure("log in as " + UntrustedText.quoted(credential.username()), e);
        } catch (IOException e) {
            throw failure("log in as " + UntrustedText.quoted(credential.username()), e);
        }
    }

    @Override
    public void setPassword(Credential authenticateAs, String username, char[] newPassword, Optional<Credential> keep) {
        List<char[]> args = new ArrayList<>(List.of("ACL".toCharArray(), "SETUSER".toCharArray(), username.toCharArray(),
                "resetpass".toCharArray()));
        keep.filter(k -> k.username().equals(username) && !CharBuffer.wrap(k.password()).equals(CharBuffer.wrap(newPassword)))
                .ifPresent(k -> args.add(hashed(k.password())));
        args.add(hashed(newPassword));
        run(authenticateAs, "set the password of " + UntrustedText.quoted(username), args);
    }

    @Override
    public void afterPromotion(Credential current) {
        run(current, "retire the older password of " + UntrustedText.quoted(current.username()), List.of("ACL".toCharArray(), "SETUSER".toCharArray(),
                current.username().toCharArray(), "resetpass".toCharArray(), hashed(current.password())));
    }

    private void run(Credential login, String what, List<char[]> command) {
        try (RespConnection c = open()) {
            c.command("AUTH".toCharArray(), login.username().toCharArray(), login.password());
            c.command(command.toArray(char[][]::new));
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    private RespConnection open() throws IOException {
        return RespConnection.open(host, port, false, timeoutMillis);
    }

    private static char[] hashed(char[] password) {
        try {
            var bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes);
            return ("#" + HexFormat.of().formatHex(sha.digest())).toCharArray();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private RotationFailedException failure(String what, IOException e) {
        String message = "cannot " + what + " on " + describe() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof ConnectException || e instanceof SocketTimeoutException || e instanceof java.net.NoRouteToHostException
                || !(e instanceof RespConnection.ReplyError) && e.getMessage() != null && e.getMessage().startsWith("connection closed")) {
            return new TargetUnreachableException(message, null);
        }
        return new RotationFailedException(message);
    }
}
