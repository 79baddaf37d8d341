package com.silenttalk.automation.aws.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * DynamoDB for tests: npm dynalite 4.0.0 (installed into test-servers/ by
 * scripts/install-test-deps.sh), in memory, on 127.0.0.1 and a free port. One server per
 * test run; tests inject {@link LocalProcessServer} and use their own table names.
 */
public final class Dynalite implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Dynalite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    static LocalProcessServer server(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("dynalite", k -> {
            Path cli = LocalProcessServer.repoRoot().resolve("test-servers/node_modules/dynalite/cli.js");
            if (!Files.isRegularFile(cli)) {
                throw new IllegalStateException(cli + " is missing: run scripts/install-test-deps.sh");
            }
            int port = LocalProcessServer.freePort();
            return LocalProcessServer.start("dynalite", List.of("node", cli.toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0"), port, 30);
        }, LocalProcessServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalProcessServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }
}
