package com.silenttalk.automation.azure.testing;

import com.silenttalk.automation.azure.runtime.StorageAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Azure Blob and Table storage for tests: npm azurite 3.37.0 (installed into test-servers/ by
 * scripts/install-test-deps.sh), in memory, on 127.0.0.1 and free ports, with two accounts
 * (AZURITE_ACCOUNTS) standing for the primary and the paired region. One server per test run,
 * stopped by JUnit's root store on every path; tests use their own container and table names.
 */
public final class Azurite implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Azurite.class);
    public static final String PRIMARY = "stprimary";
    public static final String PAIRED = "stpaired";
    static final String PRIMARY_KEY = key("primary-account-key-for-tests");
    static final String PAIRED_KEY = key("paired-account-key-for-tests");

    /** The two accounts of one running azurite. */
    public record Accounts(StorageAccount primary, StorageAccount paired) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        accounts(context);
    }

    static Accounts accounts(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NS);
        return store.getOrComputeIfAbsent("accounts", k -> {
            Path cli = LocalProcessServer.repoRoot().resolve("test-servers/node_modules/azurite/dist/src/azurite.js");
            if (!Files.isRegularFile(cli)) {
                throw new IllegalStateException(cli + " is missing: run scripts/install-test-deps.sh");
            }
            int blob = LocalProcessServer.freePort();
            int queue = LocalProcessServer.freePort();
            int table = LocalProcessServer.freePort();
            LocalProcessServer server = LocalProcessServer.start("azurite", List.of("node", cli.toString(),
                            "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(blob),
                            "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(queue),
                            "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(table),
                            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
                            "--disableTelemetry"),
                    Map.of("AZURITE_ACCOUNTS", PRIMARY + ":" + PRIMARY_KEY + ";" + PAIRED + ":" + PAIRED_KEY),
                    List.of(blob, table), 60);
            store.put("server", server);
            return new Accounts(account(PRIMARY, PRIMARY_KEY, blob, table), account(PAIRED, PAIRED_KEY, blob, table));
        }, Accounts.class);
    }

    private static StorageAccount account(String name, String key, int blobPort, int tablePort) {
        return new StorageAccount(name, "http://127.0.0.1:" + blobPort + "/" + name,
                "http://127.0.0.1:" + tablePort + "/" + name, Optional.of(key));
    }

    private static String key(String seed) {
        return Base64.getEncoder().encodeToString((seed + "-0123456789abcdef0123456789abcdef")
                .getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Accounts.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return accounts(context);
    }
}
