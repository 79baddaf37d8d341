package com.silenttalk.automation.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.postgres.testing.Corpus;
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The corpus holds what it claims to: each feature a restore can lose or renumber is really there. */
@ExtendWith(Postgres.class)
class CorpusTest {
    @BeforeAll
    static void build(Postgres.Server pg) {
        Corpus.build(pg, EnumSet.allOf(Database.class));
    }

    @Test
    void build_whenDoneTwice_reusesTheDatabasesItBuilt(Postgres.Server pg) throws SQLException {
        String before = one(pg, Database.CHAT, "SELECT oid::text FROM pg_database WHERE datname = current_database()");

        Corpus.build(pg, EnumSet.allOf(Database.class));

        assertThat(one(pg, Database.CHAT, "SELECT oid::text FROM pg_database WHERE datname = current_database()")).isEqualTo(before);
        assertThat(column(pg, Database.CHAT, "SELECT datname FROM pg_database WHERE datname LIKE 'corpus%' ORDER BY 1"))
                .containsExactly("corpus_chat", "corpus_legacy", "corpus_pgbench", "corpus_toast", "corpus_wide");
    }

    @Test
    void pgbench_whenBuilt_holdsScaleFiveAccounts(Postgres.Server pg) throws SQLException {
        assertThat(one(pg, Database.PGBENCH, "SELECT count(*) FROM pgbench_accounts")).isEqualTo("500000");
        assertThat(one(pg, Database.PGBENCH, "SELECT count(*) FROM pgbench_branches")).isEqualTo("5");
    }

    @Test
    void chat_whenBuilt_hasMonthlyPartitionsTypesExtensionsAndOddNames(Postgres.Server pg) throws SQLException {
        assertThat(column(pg, Database.CHAT, "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'chat.messages'::regclass ORDER BY 1"))
                .hasSize(4).anySatisfy(p -> assertThat(p).isEqualTo("messages_default DEFAULT"));
        assertThat(one(pg, Database.CHAT, "SELECT count(*) FROM chat.messages_default")).isNotEqualTo("0");
        assertThat(column(pg, Database.CHAT, "SELECT t.typname || ' ' || t.typtype::text FROM pg_type t"
                + " WHERE t.typnamespace = 'chat'::regnamespace AND (t.typtype IN ('d', 'e', 'r') OR t.oid = 'chat.geo_point'::regtype)"
                + " ORDER BY 1"))
                .containsExactly("email d", "floatrange r", "geo_point c", "message_kind e", "reaction_count d");
        assertThat(column(pg, Database.CHAT, "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"))
                .containsExactly("citext", "hstore", "pg_trgm");
        assertThat(column(pg, Database.CHAT, "SELECT attname || ' ' || attidentity::text || attgenerated::text FROM pg_attribute"
                + " WHERE attrelid = 'chat.users'::regclass AND (attidentity <> '' OR attgenerated <> '') ORDER BY 1"))
                .containsExactly("handle_length s", "id a");
        assertThat(one(pg, Database.CHAT, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'chat.users'::regclass AND attisdropped"))
                .isEqualTo("1");
        assertThat(one(pg, Database.CHAT, "SELECT relpersistence::text FROM pg_class WHERE oid = 'chat.typing_now'::regclass")).isEqualTo("u");
        assertThat(one(pg, Database.CHAT, "SELECT count(*) FROM chat.blocked_words")).isEqualTo("0");
        assertThat(one(pg, Database.CHAT, "SELECT count(*) FROM chat.messages_per_user")).isEqualTo("2000");
        assertThat(one(pg, Database.CHAT, "SELECT count(*) FROM \"Ünïcødé Space\".\"Größe ☃ Tabelle\"")).isEqualTo("25");
        assertThat(column(pg, Database.CHAT, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgparentid = 0 ORDER BY 1"))
                .containsExactly("conversations_title", "messages_touch");
    }

    @Test
    void legacy_whenBuilt_hasInheritanceOutOfOrderPoliciesATablespaceAndLargeObjects(Postgres.Server pg) throws SQLException {
        // the parent's later column comes after the child's own: a restore puts it first
        assertThat(column(pg, Database.LEGACY, "SELECT attname FROM pg_attribute WHERE attrelid = 'public.login_events'::regclass"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).containsExactly("id", "at", "payload", "ip", "source");
        assertThat(one(pg, Database.LEGACY, "SELECT count(*) FROM pg_attribute WHERE attisdropped"
                + " AND attrelid IN ('public.accounts'::regclass, 'public.events'::regclass)")).isEqualTo("3");
        assertThat(column(pg, Database.LEGACY, "SELECT polname || ' ' || array_to_string(ARRAY(SELECT rolname FROM pg_roles"
                + " WHERE oid = ANY (polroles) ORDER BY 1), ',') FROM pg_policy ORDER BY 1"))
                .containsExactly("notes_no_spam app_reader,app_writer", "notes_read_own app_reader", "notes_write app_writer");
        assertThat(one(pg, Database.LEGACY, "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'public.notes'::regclass"))
                .isEqualTo("t");
        assertThat(one(pg, Database.LEGACY, "SELECT t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace"
                + " WHERE c.oid = 'public.archive'::regclass")).isEqualTo(Corpus.TABLESPACE);
        assertThat(column(pg, Database.LEGACY, "SELECT oid::text FROM pg_largeobject_metadata ORDER BY 1"))
                .containsExactlyElementsOf(Corpus.LARGE_OBJECTS.stream().map(String::valueOf).toList());
        assertThat(one(pg, Database.LEGACY, "SELECT has_table_privilege('app_reader', 'public.notes', 'SELECT')")).isEqualTo("t");
    }

    @Test
    void wideAndToast_whenBuilt_have1600DefaultedColumnsAndA50MegabyteValue(Postgres.Server pg) throws SQLException {
        assertThat(one(pg, Database.WIDE, "SELECT count(*) FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid"
                + " AND d.adnum = a.attnum WHERE a.attrelid = 'public.wide'::regclass")).isEqualTo("1600");
        assertThat(Long.parseLong(one(pg, Database.TOAST, "SELECT octet_length(data) FROM public.attachments WHERE id = 1")))
                .isGreaterThan(50_000_000L);
        assertThat(Long.parseLong(one(pg, Database.TOAST, "SELECT pg_relation_size(reltoastrelid) FROM pg_class"
                + " WHERE oid = 'public.attachments'::regclass"))).isGreaterThan(25_000_000L);
    }

    static String one(Postgres.Server pg, Database database, String sql) throws SQLException {
        List<String> values = column(pg, database, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    static List<String> column(Postgres.Server pg, Database database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(database.databaseName()), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
