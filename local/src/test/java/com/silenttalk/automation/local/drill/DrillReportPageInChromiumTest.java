package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.status.KnownHistory;
import com.silenttalk.automation.local.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drill-report.html as a browser shows it: every step's whole name left of its bar (they were cut
 * to "ve", "tea" inside the bars), durations as people say them (not PT2.208284505S), times in UTC
 * to the second (no nanoseconds), PASS/FAIL and FAILED in words. Screenshots go to target/drill-report-page/.
 */
class DrillReportPageInChromiumTest {
    private static final Path OUT = Path.of("target", "drill-report-page").toAbsolutePath();
    private static final Pattern STEP_ROW = Pattern.compile("<span class=\"tl-name\">([a-z]+)</span><span class=\"tl-lane\">"
            + ".*?</span><span class=\"tl-took\">([^<]+)</span><span class=\"tl-at\">(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC)");

    @TempDir
    Path work;

    private String render(DrillReport report, String name) throws Exception {
        Path dir = Files.createDirectories(OUT.resolve(name));
        DrillReportWriter.write(report, dir);
        Path page = dir.resolve(DrillReportWriter.HTML);
        HeadlessChromium.screenshot(page, dir.resolve("drill-report.png"), 1280, 1000, work);
        return HeadlessChromium.dumpDom(page, work);
    }

    @Test
    void timeline_whenTheDrillPassed_namesEveryStepWholeWithReadableDurationsAndUtcSeconds() throws Exception {
        List<DrillReport> reports = new KnownHistory(new InMemoryRunLedger(), s -> { }).healthy("chat").reports();
        DrillReport passed = reports.get(reports.size() - 1);

        String dom = render(passed, "passed");

        Matcher row = STEP_ROW.matcher(dom);
        List<String> names = new java.util.ArrayList<>();
        while (row.find()) {
            names.add(row.group(1));
            assertThat(row.group(2)).matches("\\d+\\.\\d s|\\d+ min( \\d+ s)?|\\d+ h( \\d+ min)?");
        }
        assertThat(names).containsExactly("restore", "verify", "teardown", "report");
        assertThat(dom).contains("PASSED", "within target", "<td class=\"pass\">PASS</td>", "RTO <b>9 min 22 s</b> (target 30 min)")
                .containsPattern("Started 2026-12-06 03:00:00 UTC, finished 2026-12-06 03:11:45 UTC")
                .doesNotContainPattern("PT\\d").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d")
                .contains("class=\"tl-target\"", "RTO 9 min 22 s (restore start to verified), target 30 min");
    }

    @Test
    void timeline_whenARestoreFailed_saysFailedInWordsOnThatStep() throws Exception {
        List<DrillReport> reports = new KnownHistory(new InMemoryRunLedger(), s -> { }).staleAndFailing("orders").reports();
        DrillReport failed = reports.get(reports.size() - 1);

        String dom = render(failed, "failed");

        assertThat(dom).contains("FAILED", "<span class=\"tl-name\">restore</span>", "<span class=\"tl-failed\">FAILED</span>",
                "<td class=\"fail\">FAIL</td>");
        assertThat(dom.split("<span class=\"tl-failed\">FAILED</span>", -1)).as("only the restore step failed").hasSize(2);
        assertThat(dom).as("the immutability table's dates read like the timeline's").contains(
                "<td>dr</td><td>st-auto-orders-20261205t1800z</td><td>immutable (COMPLIANCE)</td><td>2027-01-04 18:00:00 UTC</td>",
                "<td>primary</td><td>st-auto-orders-20261205t1800z</td><td>not immutable</td><td></td>");
        assertThat(Files.readString(OUT.resolve("failed").resolve(DrillReportWriter.HTML)))
                .doesNotContain("http://", "https://", "src=", "url(");
    }
}
