package com.silenttalk.automation.local.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgEndpointTest {
    @Test
    void parse_whenUrlCarriesAPassword_keepsItOutOfToStringAndArgv() {
        PgEndpoint e = PgEndpoint.parse("source.url", "postgresql://backup:s3cr%40t@db.internal:6432/silenttalk?sslmode=require", null);

        assertThat(e.host()).isEqualTo("db.internal");
        assertThat(e.port()).isEqualTo(6432);
        assertThat(e.user()).isEqualTo("backup");
        assertThat(new String(e.password())).isEqualTo("s3cr@t");
        assertThat(e.sslMode()).isEqualTo("require");
        assertThat(e.toString()).doesNotContain("s3cr").isEqualTo("postgresql://backup@db.internal:6432/silenttalk");
        assertThat(e.libpqEnvironment()).containsEntry("PGPASSWORD", "s3cr@t").containsEntry("PGSSLMODE", "require");
    }

    @Test
    void parse_whenNoPasswordInUrl_usesTheEnvironmentOne() {
        PgEndpoint e = PgEndpoint.parse("source.url", "postgresql://backup@127.0.0.1/silenttalk", "pw".toCharArray());

        assertThat(new String(e.password())).isEqualTo("pw");
        assertThat(e.port()).isEqualTo(5432);
    }

    @Test
    void parse_whenMalformed_namesTheFieldAndHidesTheInput() {
        assertThatThrownBy(() -> PgEndpoint.parse("--source-url", "mysql://x", null))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("--source-url:");
        assertThatThrownBy(() -> PgEndpoint.parse("source.url", "postgresql://u:p w@h/db", null))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("source.url:").hasMessageNotContaining("p w");
        assertThatThrownBy(() -> PgEndpoint.parse("source.url", "postgresql://u@h/db?sslmode=sometimes", null))
                .hasMessageContaining("sslmode");
    }

    @Test
    void parse_whenTlsFilesAreInTheUrl_passesThemToJdbcAndToLibpq(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("root.crt"), "ca");
        Path cert = Files.writeString(dir.resolve("client.crt"), "cert");
        Path key = Files.writeString(dir.resolve("client.key"), "key");

        PgEndpoint e = PgEndpoint.parse("--source-url", "postgresql://backup@db:5432/app?sslmode=verify-full&sslrootcert="
                + ca + "&sslcert=" + cert + "&sslkey=" + key, null, Map.of("PGSSLROOTCERT", "/elsewhere/root.crt"));

        assertThat(e.sslMode()).isEqualTo("verify-full");
        assertThat(e.verifiesServerCertificate()).isTrue();
        assertThat(e.libpqEnvironment()).containsEntry("PGSSLMODE", "verify-full").containsEntry("PGSSLROOTCERT", ca.toString())
                .containsEntry("PGSSLCERT", cert.toString()).containsEntry("PGSSLKEY", key.toString());
    }

    @Test
    void parse_whenTheUrlSaysNothingOfTls_takesLibpqsVariables(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("root.crt"), "ca");

        PgEndpoint e = PgEndpoint.parse("source.url", "postgresql://backup@db/app", null,
                Map.of("PGSSLMODE", "verify-ca", "PGSSLROOTCERT", ca.toString()));

        assertThat(e.sslMode()).isEqualTo("verify-ca");
        assertThat(e.sslRootCert()).isEqualTo(ca.toString());
        assertThat(PgEndpoint.parse("source.url", "postgresql://backup@db/app", null, Map.of()).sslMode()).isEqualTo("prefer");
    }

    @Test
    void parse_whenATlsFileIsMissingOrAParameterUnknown_namesTheField() {
        assertThatThrownBy(() -> PgEndpoint.parse("--source-url", "postgresql://u@h/db?sslrootcert=/no/such/root.crt", null, Map.of()))
                .isInstanceOf(InvalidFieldException.class).hasMessage("--source-url: sslrootcert /no/such/root.crt is not a readable file");
        assertThatThrownBy(() -> PgEndpoint.parse("source.url", "postgresql://u@h/db?sslcompression=1", null, Map.of()))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("parameter 'sslcompression' is not supported");
        assertThatThrownBy(() -> PgEndpoint.parse("source.url", "postgresql://u@h/db", null, Map.of("PGSSLMODE", "often")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("sslmode 'often'");
    }
}
