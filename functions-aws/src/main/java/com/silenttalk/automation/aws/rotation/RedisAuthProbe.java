package com.silenttalk.automation.aws.rotation;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.redis.RespConnection;
import java.io.IOException;
import java.util.Arrays;

/**
 * One Redis login attempt ({@code AUTH [user] password}, then {@code PING}), over TLS when the cache has
 * in-transit encryption (ElastiCache requires it for AUTH). The protocol is redis.RespConnection's, which
 * writes the password as bytes and wipes them; Redis's error lines never echo it, and they are the only text
 * that reaches a message.
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
        char[] password = credential.password();
        try (RespConnection redis = RespConnection.open(host, port, tls, timeoutMillis)) {
            char[][] auth = credential.username().equals("default")
                    ? new char[][] {"AUTH".toCharArray(), password}
                    : new char[][] {"AUTH".toCharArray(), credential.username().toCharArray(), password};
            String reply = redis.command(auth);
            if (!"OK".equals(reply)) {
                throw answered(reply);
            }
            return ping(redis);
        } catch (RespConnection.ReplyError e) {
            if (e.wrongPassword() || e.authenticationRequired()) {
                return Login.REJECTED;
            }
            throw answered("-" + e.getMessage());
        } catch (RespConnection.ProtocolError e) {
            throw answered(e.getMessage());
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot reach redis://" + host + ":" + port + (tls ? " (TLS)" : "") + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private RotationFailedException answered(String reply) {
        return new RotationFailedException("redis://" + host + ":" + port + " answered AUTH with: " + reply);
    }

    private static Login ping(RespConnection redis) throws IOException {
        try {
            return "PONG".equals(redis.command("PING")) ? Login.ACCEPTED : Login.REJECTED;
        } catch (RespConnection.ReplyError | RespConnection.ProtocolError e) {
            return Login.REJECTED;
        }
    }
}
