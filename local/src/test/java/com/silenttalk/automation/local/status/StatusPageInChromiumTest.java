package com.silenttalk.automation.local.status;

import static com.silenttalk.automation.core.status.KnownHistory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.status.KnownHistory;
import com.silenttalk.automation.local.HeadlessChromium;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.DrillJournal;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status.html as a browser shows it: opsctl writes it from a known history, headless Chromium
 * renders it. The DOM must carry every database's verdict in words and every drill's points on
 * the chart; the page must load nothing (no URL at all); a screenshot is kept under
 * target/status-page/ for people to look at.
 */
class StatusPageInChromiumTest {
    private static final Path OUT = Path.of("target", "status-page").toAbsolutePath();

    @TempDir
    static Path work;
    static String html;
    static String dom;
    static List<DrillReport> reports;

    @BeforeAll
    static void render() throws Exception {
        Files.writeString(work.resolve("opsctl.yaml"), "stateDir: state\nsource:\n  database: chat\n");
        OpsConfig config = ConfigLoader.load(work.resolve("opsctl.yaml"), Map.of(), work);
        KnownHistory history = new KnownHistory(new FileRunLedger(config.ledgerDir()), new DrillJournal(config.journalDir())::save)
                .healthy("chat").staleAndFailing("orders").undrilled("audit")
                .rotation("app-db", NOW.minus(Duration.ofDays(45))).rotation("cache-auth", NOW.minus(Duration.ofDays(2)))
                .pendingFailoverPlan("orders-pair", NOW.minus(Duration.ofMinutes(10)))
                .deadLetter("orders-cpu-high", NOW.minus(Duration.ofHours(2)));
        reports = history.reports();
        Files.createDirectories(OUT);
        Path page = OUT.resolve("status.html");
        OpsctlRun run = OpsctlRun.in(work, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), "status", "--html", page.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Files.writeString(OUT.resolve("status.txt"), run.stdout());
        html = Files.readString(page);
        dom = HeadlessChromium.dumpDom(page, work);
        HeadlessChromium.screenshot(page, OUT.resolve("status.png"), 1280, 2400, work);
    }

    @Test
    void dom_showsEveryDatabasesVerdictInWords() {
        for (String[] expected : List.of(new String[] {"audit", "AT RISK"}, new String[] {"chat", "AT RISK"},
                new String[] {"orders", "AT RISK"})) {
            Matcher row = Pattern.compile("<tr class=\"verdict-row\" data-database=\"" + expected[0] + "\" data-verdict=\"([A-Z ]+)\">"
                    + "<td><a href=\"#db-" + expected[0] + "\">" + expected[0] + "</a></td><td><span class=\"v [a-z-]+\">([A-Z ]+)</span>")
                    .matcher(dom);
            assertThat(row.find()).as("verdict row of " + expected[0]).isTrue();
            assertThat(row.group(1)).isEqualTo(expected[1]);
            assertThat(row.group(2)).isEqualTo(expected[1]);
            assertThat(dom).contains("<section id=\"db-" + expected[0] + "\"><h2>" + expected[0] + ": <span class=\"v at-risk\">AT RISK</span></h2>");
        }
        assertThat(dom).contains("Are we safe right now? <span class=\"v at-risk\">AT RISK</span>",
                "Platform (applies to every database): <span class=\"v at-risk\">AT RISK</span>", "OVERDUE");
    }

    @Test
    void dom_whenTheVerdictsDiffer_showsSafeAtRiskAndUnknownEachInWords() throws Exception {
        Path dir = Files.createDirectories(work.resolve("mixed"));
        Files.writeString(dir.resolve("opsctl.yaml"), "stateDir: state\nsource:\n  database: chat\n");
        OpsConfig config = ConfigLoader.load(dir.resolve("opsctl.yaml"), Map.of(), dir);
        new KnownHistory(new FileRunLedger(config.ledgerDir()), new DrillJournal(config.journalDir())::save)
                .healthy("chat").staleAndFailing("orders").undrilled("audit").rotation("app-db", NOW.minus(Duration.ofDays(3)));
        Path page = dir.resolve("status.html");

        OpsctlRun run = OpsctlRun.in(dir, Map.of(), Clock.fixed(NOW, ZoneOffset.UTC), "status", "--html", page.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        String mixed = HeadlessChromium.dumpDom(page, dir);
        for (String[] expected : List.of(new String[] {"audit", "UNKNOWN", "unknown"}, new String[] {"chat", "SAFE", "safe"},
                new String[] {"orders", "AT RISK", "at-risk"})) {
            assertThat(mixed).as(expected[0]).contains("<tr class=\"verdict-row\" data-database=\"" + expected[0]
                    + "\" data-verdict=\"" + expected[1] + "\">", "<section id=\"db-" + expected[0] + "\"><h2>" + expected[0]
                    + ": <span class=\"v " + expected[2] + "\">" + expected[1] + "</span></h2>");
        }
        assertThat(mixed).contains("Are we safe right now? <span class=\"v at-risk\">AT RISK</span>");
    }

    @Test
    void dom_hasAPointForEveryMeasuredDrillAndBothTargetLines() {
        for (String database : List.of("chat", "orders")) {
            Matcher svg = Pattern.compile("<svg class=\"chart\"[^>]*data-database=\"" + database + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
            assertThat(svg.find()).as("chart of " + database).isTrue();
            String chart = svg.group();
            assertThat(chart).contains("data-target=\"rto\" data-seconds=\"1800\"", "data-target=\"rpo\" data-seconds=\"21600\"");
            for (DrillReport r : reports.stream().filter(r -> r.database().equals(database)).toList()) {
                int points = countOf(chart, "data-run=\"" + r.runId() + "\"");
                assertThat(points).as(r.runId()).isEqualTo((r.rto() == null ? 0 : 1) + (r.rpo() == null ? 0 : 1));
                if (r.rto() != null) {
                    assertThat(chart).contains("data-run=\"" + r.runId() + "\"><title>" + r.runId() + " RTO "
                            + DurationText.readable(r.rto()) + (r.passed() ? " PASS" : " FAIL") + "</title>");
                }
                assertThat(chart).contains(r.runId() + " RPO ");
            }
            assertThat(chart).contains(r(database).passed() ? " PASS</title>" : " FAIL</title>");
        }
        assertThat(dom).doesNotContain("<svg class=\"chart\" role=\"img\" width=\"720\" height=\"304\" viewBox=\"0 0 720 304\" data-database=\"audit\"");
    }

    @Test
    void dom_showsTheLastDrillsTimelineWithWholeNamesReadableDurationsAndUtcSeconds() {
        Matcher section = Pattern.compile("<section id=\"db-orders\">.*?</section>", Pattern.DOTALL).matcher(dom);
        assertThat(section.find()).isTrue();
        String orders = section.group();
        assertThat(orders).contains("<span class=\"tl-name\">restore</span>", "<span class=\"tl-name\">teardown</span>",
                "<span class=\"tl-name\">report</span>", "<span class=\"tl-failed\">FAILED</span>", "FAIL");
        assertThat(orders).containsPattern("<span class=\"tl-took\">\\d+(\\.\\d)? s</span>")
                .containsPattern("<span class=\"tl-at\">2026-12-05 \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(dom).doesNotContainPattern("PT\\d").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d");
    }

    @Test
    void html_loadsNothingFromAnywhere() {
        assertThat(html).doesNotContain("http://", "https://", "src=", "url(", "@import", "<script", "<link", "<iframe", "<object");
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertThat(href.group(1)).startsWith("#db-");
        }
    }

    @Test
    void screenshot_isWrittenUnderTargetForPeople() throws Exception {
        byte[] png = Files.readAllBytes(OUT.resolve("status.png"));
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static DrillReport r(String database) {
        return reports.stream().filter(r -> r.database().equals(database)).reduce((a, b) -> b).orElseThrow();
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
