package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.CopyProtection;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.RegionImmutability;
import com.silenttalk.automation.core.drill.TableCount;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.local.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** drill-report.json for machines, drill-report.html for people: the timeline against the RTO target ({@link DrillTimeline}). */
public final class DrillReportWriter {
    public static final String JSON = "drill-report.json";
    public static final String HTML = "drill-report.html";
    public static final String LOGS = "drill-logs";

    private DrillReportWriter() {
    }

    public static void write(DrillReport report, Path dir) {
        LocalJson.writeRecordAtomically(dir.resolve(JSON), report);
        LocalJson.writeAtomically(dir.resolve(HTML), html(report).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The report, and beside it in {@code drill-logs/} the whole stderr of every tool this drill ran
     * (pg_dump of its snapshot, pg_restore and the server log of its throwaway server): what the one-line
     * failure quotes from, for whoever has to find out why.
     */
    public static void write(DrillReport report, Path dir, Path toolLogs) {
        write(report, dir);
        Path logs = dir.resolve(LOGS);
        LocalFiles.deleteTree(logs); // the previous drill's, never mixed with this one's
        List<String> prefixes = new ArrayList<>(List.of("drill-" + report.runId() + "."));
        if (report.snapshotId() != null) {
            prefixes.add(report.snapshotId() + ".");
        }
        if (!Files.isDirectory(toolLogs)) {
            return;
        }
        try (Stream<Path> files = Files.list(toolLogs)) {
            for (Path log : files.filter(f -> prefixes.stream().anyMatch(p -> f.getFileName().toString().startsWith(p))).toList()) {
                LocalFiles.createPrivateDirectories(logs);
                Path copy = logs.resolve(log.getFileName());
                Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, LocalFiles.PRIVATE_FILE); // may quote rows
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the drill's tool logs to " + logs + ": " + e.getMessage(), e);
        }
    }

    static String html(DrillReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Restore drill ")
                .append(esc(r.runId())).append(": ").append(r.passed() ? "PASSED" : "FAILED").append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:20px}")
                .append(".pass{color:#176b1a}.fail{color:#b00020;font-weight:700}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(DrillTimeline.CSS)
                .append("</style></head><body>");
        h.append("<h1>Restore drill ").append(esc(r.runId())).append(": <span class=\"").append(r.passed() ? "pass\">PASSED" : "fail\">FAILED")
                .append("</span></h1>");
        h.append("<p>Database <b>").append(esc(r.database())).append("</b>, snapshot <b>").append(esc(String.valueOf(r.snapshotId())))
                .append("</b>, copied from <b>").append(esc(r.sourceRegion())).append("</b> to <b>").append(esc(r.drillRegion()))
                .append("</b>. Started ").append(InstantText.utc(r.startedAt())).append(", finished ")
                .append(InstantText.utc(r.finishedAt())).append(".</p>");
        h.append("<p>RTO <b>").append(DurationText.readable(r.rto())).append("</b> (target ").append(DurationText.readable(r.rtoTarget()))
                .append(")").append(within(r.rto(), r.rtoTarget())).append(", RPO <b>").append(DurationText.readable(r.rpo()))
                .append("</b> (target ").append(DurationText.readable(r.rpoTarget())).append(")").append(within(r.rpo(), r.rpoTarget()))
                .append(".</p>");
        if (r.failure() != null) {
            h.append("<p class=\"fail\">FAILED: ").append(esc(r.failure())).append("</p>");
        }
        h.append("<h2>Timeline</h2>");
        DrillTimeline.append(h, r);
        protection(h, r);
        h.append("<h2>Checks</h2><table><tr><th>check</th><th>result</th><th>detail</th></tr>");
        for (CheckResult c : r.checks()) {
            h.append("<tr><td>").append(esc(c.name())).append("</td><td class=\"").append(c.passed() ? "pass\">PASS" : "fail\">FAIL")
                    .append("</td><td>").append(esc(c.detail())).append("</td></tr>");
        }
        h.append("</table><h2>Rows per table</h2><table><tr><th>table</th><th>at snapshot</th><th>restored</th><th>match</th></tr>");
        for (TableCount t : r.tables()) {
            h.append("<tr><td>").append(esc(t.table())).append("</td><td class=\"n\">").append(t.snapshotRows())
                    .append("</td><td class=\"n\">").append(t.restoredRows()).append("</td><td class=\"")
                    .append(t.matches() ? "pass\">yes" : "fail\">NO").append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    /** The comparison in words, so it never rests on colour alone. */
    private static String within(java.time.Duration measured, java.time.Duration target) {
        if (measured == null || target == null) {
            return "";
        }
        return measured.compareTo(target) <= 0 ? ", within target" : ", <span class=\"fail\">OVER TARGET</span>";
    }

    /** Per region: immutable or not, and until when, as read back from the store when the drill reported. */
    private static void protection(StringBuilder h, DrillReport r) {
        if (r.copyKind() != null) {
            h.append("<p>Restored copy: <b>").append(esc(r.copy())).append("</b> (")
                    .append(r.copyKind() == CopyKind.VAULT_RECOVERY_POINT ? "a backup vault's recovery point" : "the suite's own snapshot")
                    .append(").</p>");
        }
        CopyProtection p = r.protection();
        if (p == null) {
            return;
        }
        h.append("<h2>Immutability</h2><p class=\"").append(p.newestVerifiedCopyDeletable() ? "fail\">FLAGGED: " : "pass\">")
                .append(esc(p.finding())).append("</p><table><tr><th>region</th><th>newest copy</th><th>immutable</th>")
                .append("<th>until</th><th>read back</th></tr>");
        for (RegionImmutability region : p.regions()) {
            CopyLock lock = region.lock();
            h.append("<tr><td>").append(esc(region.region())).append("</td><td>").append(esc(region.snapshotId()))
                    .append("</td><td>").append(esc(immutable(lock))).append("</td><td>")
                    .append(lock.retainUntil() == null ? "" : InstantText.utc(lock.retainUntil())).append("</td><td>")
                    .append(esc(lock.evidence())).append("</td></tr>");
        }
        h.append("</table>");
    }

    /** The cell beside "until": the date is that column's, in UTC to the second like every time on the page. */
    private static String immutable(CopyLock lock) {
        return switch (lock.immutability()) {
            case IMMUTABLE -> "immutable" + (lock.mode() == null ? "" : " (" + lock.mode() + ")");
            case NOT_IMMUTABLE, UNKNOWN -> lock.statement();
        };
    }

    private static String esc(String s) {
        return HtmlText.escape(s);
    }
}
