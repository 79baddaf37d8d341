package com.silenttalk.automation.aws.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * S3 for tests: the S3Mock 5.2.0 exec jar (copied into target/ by the build), run as its own
 * JVM. Its HTTPS connector is bound to 127.0.0.1; its extra plain-HTTP connector, which the
 * tests use, cannot be given an address (S3Mock binds it on all interfaces), so tests only
 * ever connect to 127.0.0.1.
 */
public final class S3Mock implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(S3Mock.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    static LocalProcessServer server(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("s3mock", k -> {
            String jarProperty = System.getProperty("silenttalk.s3mockJar", "target/test-servers/s3mock-exec.jar");
            Path jar = Path.of(jarProperty);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build with mvn (process-test-resources copies it)");
            }
            int httpPort = LocalProcessServer.freePort();
            int httpsPort = LocalProcessServer.freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return LocalProcessServer.start("s3mock", List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                    jar.toString(), "--server.address=127.0.0.1", "--server.port=" + httpsPort,
                    "--http.port=" + httpPort, "--spring.main.banner-mode=off"), httpPort, 120);
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
