package com.silenttalk.automation.local.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import org.junit.jupiter.api.Test;

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
}
