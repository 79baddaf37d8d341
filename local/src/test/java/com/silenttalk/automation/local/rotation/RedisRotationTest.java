package com.silenttalk.automation.local.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.rotation.AdminCredentials;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.PasswordGenerator;
import com.silenttalk.automation.core.rotation.PasswordPolicy;
import com.silenttalk.automation.core.rotation.RotateSecret;
import com.silenttalk.automation.core.rotation.RotationEvent;
import com.silenttalk.automation.core.rotation.RotationStep;
import com.silenttalk.automation.core.rotation.RotationStrategy;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.redis.RespConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/** Rotation of a Redis AUTH token and of an ACL user on a real Redis server, with ElastiCache's ROTATE-then-SET semantics. */
class RedisRotationTest {
    static final char[] OLD = "redis-Original-Token-0123456789".toCharArray();
    static final char[] OPS = "redis-ops-observer-0123456789ab".toCharArray();

    @TempDir
    Path work;
    RedisServer redis;
    int port;

    @BeforeEach
    void startRedis() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("requirepass " + new String(OLD)).setting("save \"\"").setting("appendonly no").build();
        redis.start();
        try (RespConnection admin = login("default", OLD)) {
            admin.command("ACL".toCharArray(), "SETUSER".toCharArray(), "ops".toCharArray(), "on".toCharArray(),
                    (">" + new String(OPS)).toCharArray(), "~*".toCharArray(), "+@all".toCharArray());
        }
    }

    @AfterEach
    void stopRedis() throws IOException {
        redis.stop();
    }

    @Test
    void rotate_whenAuthToken_rotateKeepsOldAndNewValidThenSetLeavesOnlyNew() throws Exception {
        FileSecretStore store = FileSecretStore.initialise(work.resolve("redis.json"),
                new Credential("default", "127.0.0.1", OLD, Map.of("engine", "redis", "port", Integer.toString(port))),
                "v1", Clock.systemUTC());
        RotateSecret rotation = rotation(store, new RedisUserTarget("127.0.0.1", port, 5000));
        String token = "dddddddd-0000-0000-0000-000000000001";
        rotation.begin(store, store.secretId(), token);
        try (RespConnection client = login("default", OLD)) {
            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.CREATE));
            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.SET));
            char[] pending = store.valueOf(store.secretId(), token).orElseThrow().password();

            assertThat(accepts("default", OLD)).as("a client on the old token reconnects after ROTATE").isTrue();
            assertThat(accepts("default", pending)).isTrue();
            assertThat(passwordsOf("default")).isEqualTo(2);
            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.SET));
            assertThat(passwordsOf("default")).as("a replayed ROTATE keeps at most two tokens").isEqualTo(2);

            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.TEST));
            assertThat(client.command("PING")).as("an open connection on the old token keeps working").isEqualTo("PONG");
            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.FINISH));

            assertThat(accepts("default", OLD)).as("SET retires the old token").isFalse();
            assertThat(accepts("default", pending)).isTrue();
            assertThat(passwordsOf("default")).isEqualTo(1);
            assertThat(store.describe(store.secretId()).versionWith(Stage.CURRENT)).contains(token);
        }
    }

    @Test
    void rotate_whenAclUserViaOpsctl_newPasswordWorksAndOldIsRetired() throws Exception {
        try (RespConnection admin = login("default", OLD)) {
            admin.command("ACL", "SETUSER", "cache", "on", ">" + new String(OLD) + "-cache", "~*", "+@all");
        }
        char[] cacheOld = (new String(OLD) + "-cache").toCharArray();
        String target = "redis://127.0.0.1:" + port;
        OpsctlRun init = OpsctlRun.in(work, Map.of("OPSCTL_ROTATE_INITIAL_PASSWORD", new String(cacheOld)),
                "rotate", "--target", target, "--store", "file:cache.json", "--init-user", "cache");
        assertThat(init.exitCode()).as(init.toString()).isZero();

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "rotate", "--target", target, "--store", "file:cache.json", "--ledger", "ledger");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        FileSecretStore store = new FileSecretStore(work.resolve("cache.json"), Clock.systemUTC());
        Credential current = store.valueAt(store.secretId(), Stage.CURRENT).orElseThrow();
        assertThat(accepts("cache", current.password())).isTrue();
        assertThat(accepts("cache", cacheOld)).isFalse();
        assertThat(run.stdout() + run.stderr()).doesNotContain(new String(current.password())).doesNotContain(new String(cacheOld));
    }

    @Test
    void rotate_whenAlternatingUsersOnRedis_isRefusedBeforeAnyChange() throws Exception {
        FileSecretStore store = FileSecretStore.initialise(work.resolve("redis.json"),
                new Credential("default", "127.0.0.1", OLD, Map.of("engine", "redis", "port", Integer.toString(port))),
                "v1", Clock.systemUTC());
        RotateSecret rotation = new RotateSecret(store, c -> new RedisUserTarget("127.0.0.1", port, 5000),
                new PasswordGenerator(new SecureRandom()), AdminCredentials.none(), RotationStrategy.AlternatingUsers.forPrimary("default"),
                PasswordPolicy.defaults(), new InMemoryRunLedger(), Clock.systemUTC());
        String token = "eeeeeeee-0000-0000-0000-000000000001";
        rotation.begin(store, store.secretId(), token);
        rotation.step(new RotationEvent(store.secretId(), token, RotationStep.CREATE));

        assertThatThrownBy(() -> rotation.step(new RotationEvent(store.secretId(), token, RotationStep.SET)))
                .hasMessage("strategy: redis://127.0.0.1:" + port + " cannot keep two users identical; use single-user");
        assertThat(passwordsOf("default")).isEqualTo(1);
        assertThat(accepts("default", OLD)).isTrue();
    }

    @Test
    void rotate_whenRedisUnreachableDuringSet_failsAndTheOldTokenStillWorks() throws Exception {
        try (SwitchableProxy proxy = new SwitchableProxy(port)) {
            FileSecretStore store = FileSecretStore.initialise(work.resolve("redis.json"),
                    new Credential("default", "127.0.0.1", OLD, Map.of("engine", "redis", "port", Integer.toString(proxy.port()))),
                    "v1", Clock.systemUTC());
            RotateSecret rotation = rotation(store, new RedisUserTarget("127.0.0.1", proxy.port(), 2000));
            String token = "ffffffff-0000-0000-0000-000000000001";
            rotation.begin(store, store.secretId(), token);
            rotation.step(new RotationEvent(store.secretId(), token, RotationStep.CREATE));
            proxy.down();

            assertThatThrownBy(() -> rotation.step(new RotationEvent(store.secretId(), token, RotationStep.SET)))
                    .isInstanceOf(TargetUnreachableException.class);
            assertThat(store.describe(store.secretId()).versionWith(Stage.CURRENT)).contains("v1");
            assertThat(accepts("default", OLD)).isTrue();
            assertThat(passwordsOf("default")).isEqualTo(1);
        }
    }

    private RotateSecret rotation(FileSecretStore store, RedisUserTarget target) {
        return new RotateSecret(store, c -> target, new PasswordGenerator(new SecureRandom()), AdminCredentials.none(),
                new RotationStrategy.SingleUser(), PasswordPolicy.defaults(), new InMemoryRunLedger(), Clock.systemUTC());
    }

    private RespConnection login(String user, char[] password) throws IOException {
        RespConnection c = RespConnection.open("127.0.0.1", port, false, 5000);
        c.command("AUTH".toCharArray(), user.toCharArray(), password);
        return c;
    }

    private boolean accepts(String user, char[] password) throws IOException {
        try (RespConnection c = login(user, password)) {
            return "PONG".equals(c.command("PING"));
        } catch (RespConnection.ReplyError e) {
            if (e.wrongPassword()) {
                return false;
            }
            throw e;
        }
    }

    /** How many passwords the user has, from ACL GETUSER (hashes only), asked as the separate "ops" user. */
    private int passwordsOf(String user) throws IOException {
        try (RespConnection ops = login("ops", OPS)) {
            String reply = ops.command("ACL", "GETUSER", user);
            return (int) reply.lines().filter(l -> l.matches("[0-9a-f]{64}")).count();
        }
    }
}
