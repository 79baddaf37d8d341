package com.silenttalk.automation.local.status;

import static com.silenttalk.automation.core.status.KnownHistory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.status.KnownHistory;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.drill.DemoSource;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl status} on a state written by the use cases themselves (the file ledger and the
 * drill journal opsctl's own commands write), at a fixed "now": verdicts, reasons, exit codes.
 */
class StatusCommandTest {
    private static final Clock AT = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path work;
    OpsConfig config;

    @BeforeEach
    void configure() throws IOException {
        Files.writeString(work.resolve("opsctl.yaml"), "stateDir: state\nsource:\n  database: chat\n");
        config = ConfigLoader.load(work.resolve("opsctl.yaml"), Map.of(), work);
    }

    private KnownHistory history(OpsConfig in) {
        return new KnownHistory(new FileRunLedger(in.ledgerDir()), new DrillJournal(in.journalDir())::save);
    }

    private OpsctlRun status(String... args) {
        List<String> all = new ArrayList<>(List.of("status"));
        all.addAll(List.of(args));
        return OpsctlRun.in(work, Map.of(), AT, all.toArray(String[]::new));
    }

    private static JsonNode database(JsonNode status, String name) {
        for (JsonNode d : status.path("databases")) {
            if (d.path("database").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no database " + name + " in " + status);
    }

    private static List<String> texts(JsonNode db) {
        List<String> out = new ArrayList<>();
        db.path("reasons").forEach(r -> out.add(r.path("area").asText() + ": " + r.path("text").asText()));
        return out;
    }

    @Test
    void status_whenOneDatabaseIsSafeOneAtRiskAndOneUndrilled_givesEachItsVerdictAndExitsOne() throws Exception {
        history(config).healthy("chat").staleAndFailing("orders").undrilled("audit");

        OpsctlRun run = status("--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode json = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(json.path("verdict").asText()).isEqualTo("AT RISK");
        assertThat(database(json, "chat").path("verdict").asText()).isEqualTo("SAFE");
        assertThat(database(json, "audit").path("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(texts(database(json, "audit"))).containsExactly("drill: no finished drill of audit: nothing proves its backups restore");
        JsonNode orders = database(json, "orders");
        assertThat(orders.path("verdict").asText()).isEqualTo("AT RISK");
        assertThat(texts(orders)).hasSize(3);
        assertThat(texts(orders).get(0)).startsWith("snapshots: newest snapshot in primary is 1 d 8 h old");
        assertThat(texts(orders).get(1)).startsWith("copies: newest copy in dr is 1 d 8 h old");
        assertThat(texts(orders).get(2)).startsWith("drill: last drill orders-20261205t2000z-").contains("FAILED", "check integrity failed");
        JsonNode chat = database(json, "chat");
        assertThat(chat.path("trend")).hasSize(4);
        assertThat(chat.path("lastDrill").path("passed").asBoolean()).isTrue();
        assertThat(chat.path("regions").get(1).path("newest").path("checksum").asText()).isEqualTo("not-checked");
        assertThat(run.stderr()).contains("[status] at risk: 1 safe, 1 at risk, 1 unknown");
    }

    @Test
    void status_asText_putsTheVerdictsFirstAndNeverPassesAHundredColumns() {
        history(config).healthy("chat").staleAndFailing("orders").undrilled("audit")
                .rotation("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/silenttalk/app-db-credentials-AbCdEf",
                        NOW.minus(Duration.ofDays(45)))
                .pendingFailoverPlan("orders-pair", NOW.minus(Duration.ofMinutes(10)))
                .deadLetter("orders-cpu-high", NOW.minus(Duration.ofHours(2)));

        OpsctlRun run = status();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(lines.get(0)).startsWith("SilentTalk status at 2026-12-07 03:00:00 UTC").endsWith(": AT RISK");
        assertThat(lines.get(3)).startsWith("DATABASE");
        assertThat(lines.subList(4, 7)).extracting(l -> l.split("\\s+")[0] + " " + l.substring(23, 31).strip())
                .containsExactly("audit AT RISK", "chat AT RISK", "orders AT RISK");
        assertThat(run.stdout()).contains("== platform (applies to every database): AT RISK",
                "failover: failover plan orders-pair-gen1", "alerts: 1 dead-lettered alert", "trend, last 4",
                "(OVERDUE)", "3 platform reasons (below)", "last rotated 44 d 23 h ago (2026-10-23 03:00:08 UTC), next due");
    }

    @Test
    void status_whenEverythingIsCurrent_exitsZero() {
        history(config).healthy("chat").rotation("app-db", NOW.minus(Duration.ofDays(3)));

        OpsctlRun run = status();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().lines().findFirst().orElseThrow()).endsWith(": SAFE");
    }

    @Test
    void status_whenTheConfiguredDatabaseHasNoEvidence_isUnknownAndExitsThree() throws Exception {
        OpsctlRun run = status("--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(texts(database(LocalJson.MAPPER.readTree(run.stdout()), "chat")))
                .containsExactly("snapshots: no snapshot of chat on record in any region",
                        "drill: no finished drill of chat: nothing proves its backups restore");
    }

    @Test
    void status_withPlatformProblems_namesEachForEveryDatabase() throws Exception {
        history(config).healthy("chat").rotation("app-db", NOW.minus(Duration.ofDays(45)))
                .pendingFailoverPlan("orders-pair", NOW.minus(Duration.ofMinutes(10)))
                .deadLetter("orders-cpu-high", NOW.minus(Duration.ofHours(2)));

        OpsctlRun run = status("--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode json = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(texts(database(json, "chat"))).containsExactly(
                "secrets: secret app-db last rotated 44 d 23 h ago; due since 2026-11-22 03:00:08 UTC",
                "failover: failover plan orders-pair-gen1 (orders-pair-a -> orders-pair-b) awaits approval until 2026-12-07 03:20:00 UTC",
                "alerts: 1 dead-lettered alert not replayed in the last 7 d (newest: orders-cpu-high to ops-slack at 2026-12-07 01:00:00 UTC)");
        assertThat(json.path("platform").path("pendingPlans").get(0).path("planId").asText()).isEqualTo("orders-pair-gen1");
    }

    @Test
    void status_withDemo_readsTheDemosState() throws Exception {
        OpsConfig demo = DemoSource.configFor(config);
        history(demo).healthy(DemoSource.DATABASE.value());

        OpsctlRun run = status("--demo", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(json.path("databases")).extracting(d -> d.path("database").asText()).containsExactly("silenttalk-demo");
        assertThat(json.path("source").asText()).endsWith("demo");
    }

    @Test
    void status_withHtml_writesTheSelfContainedPageBesideTheText() throws Exception {
        history(config).healthy("chat").staleAndFailing("orders");

        OpsctlRun run = status("--html", "out/status.html");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        String html = Files.readString(work.resolve("out/status.html"));
        assertThat(html).startsWith("<!doctype html>").contains("data-database=\"chat\" data-verdict=\"SAFE\"",
                "data-database=\"orders\" data-verdict=\"AT RISK\"");
        assertThat(run.stdout()).startsWith("SilentTalk status at");
    }

    @Test
    void status_neverWritesToTheStateItReads() throws Exception {
        history(config).healthy("chat").pendingFailoverPlan("pair", NOW.minus(Duration.ofMinutes(5)));
        List<String> before = tree(work);

        status("--json");
        status();

        assertThat(tree(work)).isEqualTo(before);
    }

    @Test
    void status_onAnEmptyDirectory_createsNothing() throws Exception {
        List<String> before = tree(work);

        OpsctlRun run = status();

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(tree(work)).isEqualTo(before);
    }

    @Test
    void status_whenTheCloudIsUnknown_exitsTwoNamingTheOption() {
        OpsctlRun run = status("--cloud", "gcp");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).isEqualTo("opsctl: bad input: --cloud: must be aws or azure, got 'gcp'");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void status_whenTheAwsRegionIsMissing_exitsTwoNamingTheVariable() {
        OpsctlRun run = OpsctlRun.in(work, Map.of("AWS_REGION", ""), AT, "status", "--cloud", "aws");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString().startsWith("opsctl: bad input: AWS_REGION:");
    }

    @Test
    void status_whenAStatusSettingIsInvalid_exitsTwoNamingTheKey() throws Exception {
        Files.writeString(work.resolve("opsctl.yaml"), "stateDir: state\nstatus:\n  drillMaxAge: soon\n");

        OpsctlRun run = status();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: status.drillMaxAge:");
    }

    @Test
    void status_neverShowsASecretValue() throws Exception {
        history(config).healthy("chat").rotation("app-db", NOW.minus(Duration.ofDays(3)))
                .failedRotation("app-db", NOW.minus(Duration.ofDays(1)));

        OpsctlRun text = status("--html", "status.html");
        OpsctlRun json = status("--json");

        for (String out : List.of(text.stdout(), text.stderr(), json.stdout(), Files.readString(work.resolve("status.html")))) {
            assertThat(out).doesNotContainIgnoringCase("password").doesNotContain("0123456789abcdefghij");
        }
        assertThat(json.stdout()).contains("the last rotation failed");
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p) + (Files.isDirectory(p) ? "/" : " " + p.toFile().length())).sorted().toList();
        }
    }
}
