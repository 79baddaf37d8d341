package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.CopyProtection;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.RegionImmutability;
import com.silenttalk.automation.core.drill.StepTiming;
import com.silenttalk.automation.core.drill.TableCount;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.core.DurationText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** drill-report.json for machines, drill-report.html for people: the timeline against the RTO target. */
public final class DrillReportWriter {
    public static final String JSON = "drill-report.json";
    public static final String HTML = "drill-report.html";

    private DrillReportWriter() {
    }

    public static void write(DrillReport report, Path dir) {
        LocalJson.writeAtomically(dir.resolve(JSON), report);
        LocalJson.writeAtomically(dir.resolve(HTML), html(report).getBytes(StandardCharsets.UTF_8));
    }

    static String html(DrillReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Restore drill ")
                .append(esc(r.runId())).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:20px}")
                .append(".pass{color:#176b1a}.fail{color:#b00020}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append(".lane{position:relative;height:22px;background:#f3f3f3;width:800px;margin:2px 0}")
                .append(".bar{position:absolute;height:22px;background:#4a7bd0;color:#fff;font-size:11px;overflow:hidden;white-space:nowrap}")
                .append(".bar.failed{background:#b00020}.target{position:absolute;top:0;bottom:0;border-left:2px dashed #b00020}")
                .append("</style></head><body>");
        h.append("<h1>Restore drill ").append(esc(r.runId())).append(": <span class=\"").append(r.passed() ? "pass\">PASSED" : "fail\">FAILED")
                .append("</span></h1>");
        h.append("<p>Database <b>").append(esc(r.database())).append("</b>, snapshot <b>").append(esc(String.valueOf(r.snapshotId())))
                .append("</b>, copied from <b>").append(esc(r.sourceRegion())).append("</b> to <b>").append(esc(r.drillRegion()))
                .append("</b>. Started ").append(r.startedAt()).append(", finished ").append(r.finishedAt()).append(".</p>");
        h.append("<p>RTO <b>").append(DurationText.format(r.rto())).append("</b> (target ").append(DurationText.format(r.rtoTarget()))
                .append("), RPO <b>").append(DurationText.format(r.rpo())).append("</b> (target ").append(DurationText.format(r.rpoTarget()))
                .append(").</p>");
        if (r.failure() != null) {
            h.append("<p class=\"fail\">").append(esc(r.failure())).append("</p>");
        }
        timeline(h, r);
        protection(h, r);
        h.append("<h2>Checks</h2><table><tr><th>check</th><th>result</th><th>detail</th></tr>");
        for (CheckResult c : r.checks()) {
            h.append("<tr><td>").append(esc(c.name())).append("</td><td class=\"").append(c.passed() ? "pass\">pass" : "fail\">FAIL")
                    .append("</td><td>").append(esc(c.detail())).append("</td></tr>");
        }
        h.append("</table><h2>Rows per table</h2><table><tr><th>table</th><th>at snapshot</th><th>restored</th></tr>");
        for (TableCount t : r.tables()) {
            h.append("<tr><td>").append(esc(t.table())).append("</td><td>").append(t.snapshotRows()).append("</td><td class=\"")
                    .append(t.matches() ? "pass" : "fail").append("\">").append(t.restoredRows()).append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    /** Bars on one scale, the RTO target as a dashed line: how much of the budget each step used. */
    private static void timeline(StringBuilder h, DrillReport r) {
        if (r.steps().isEmpty() || r.startedAt() == null) {
            return;
        }
        long total = Math.max(1, java.time.Duration.between(r.startedAt(), r.finishedAt()).toMillis());
        long scale = Math.max(total, r.rtoTarget() == null ? total : Math.min(r.rtoTarget().toMillis(), total * 4));
        h.append("<h2>Timeline</h2>");
        for (StepTiming t : r.steps()) {
            long from = java.time.Duration.between(r.startedAt(), t.startedAt()).toMillis();
            long width = Math.max(1, t.duration().toMillis());
            boolean failed = t.detail() != null && t.detail().startsWith("failed");
            h.append("<div class=\"lane\"><div class=\"bar").append(failed ? " failed" : "").append("\" style=\"left:")
                    .append(800 * from / scale).append("px;width:").append(Math.max(2, 800 * width / scale)).append("px\">")
                    .append(esc(t.step().label())).append(' ').append(DurationText.format(t.duration())).append("</div>");
            if (r.rtoTarget() != null && r.rtoTarget().toMillis() <= scale) {
                h.append("<div class=\"target\" style=\"left:").append(800 * r.rtoTarget().toMillis() / scale)
                        .append("px\" title=\"RTO target\"></div>");
            }
            h.append("</div>");
        }
        h.append("<p>Scale: 800 px = ").append(DurationText.format(java.time.Duration.ofMillis(scale)))
                .append(r.rtoTarget() != null && r.rtoTarget().toMillis() <= scale ? "; dashed line: RTO target" : "; the RTO target lies beyond the right edge")
                .append(".</p>");
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
                    .append("</td><td>").append(esc(lock.statement())).append("</td><td>")
                    .append(lock.retainUntil() == null ? "" : lock.retainUntil().toString()).append("</td><td>")
                    .append(esc(lock.evidence())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
