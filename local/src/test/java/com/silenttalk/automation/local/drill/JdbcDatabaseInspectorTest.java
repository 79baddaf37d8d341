package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier reads TLS on its own connection; the connections that only count rows skip TLS on loopback. */
class JdbcDatabaseInspectorTest {
    @TempDir
    Path work;

    @Test
    void inspect_whenCountingOnTwoConnections_reportsTheVerifiersTlsAndCountsInPlaintext() throws Exception {
        try (ThrowawayCluster server = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), work.resolve("clusters"), "inspected")) {
            assumeTrue(server.handle().tls(), "openssl is missing: the server offers no TLS to leave out");
            server.createDatabase(ThrowawayRestorer.DATABASE);
            try (Connection c = server.loopbackEndpoint(ThrowawayRestorer.DATABASE).connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE a AS SELECT g FROM generate_series(1, 300) g");
                s.execute("CREATE TABLE b AS SELECT g FROM generate_series(1, 7) g");
                s.execute("ALTER SYSTEM SET log_connections = on");
                s.execute("SELECT pg_reload_conf()");
            }
            ThrowawayCluster.Handle h = server.handle();
            RestoredInstance instance = new RestoredInstance("inspected", "127.0.0.1", h.port(), ThrowawayRestorer.DATABASE,
                    h.passwordFile().toString(), Map.of("user", h.superuser()));

            DatabaseFacts facts = new JdbcDatabaseInspector(2).inspect(instance, List.of());

            assertThat(facts.tlsUsed()).isTrue();
            assertThat(facts.rowCounts()).containsEntry("public.a", 300L).containsEntry("public.b", 7L);
            List<String> authorized = Files.readAllLines(h.baseDir().resolve("server.log")).stream()
                    .filter(line -> line.contains("connection authorized:") && line.contains("database=" + ThrowawayRestorer.DATABASE))
                    .toList();
            assertThat(authorized).hasSize(2);
            assertThat(authorized.get(0)).as("the verifier's connection").contains("SSL enabled");
            assertThat(authorized.get(1)).as("the second counting connection").doesNotContain("SSL");
        }
    }
}
