package com.silenttalk.automation.local.status;

import static com.silenttalk.automation.local.drill.HtmlText.escape;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.status.DatabaseStatus;
import com.silenttalk.automation.core.status.DatabaseStatus.DrillPoint;
import com.silenttalk.automation.core.status.DatabaseStatus.RegionStatus;
import com.silenttalk.automation.core.status.KnownSnapshot;
import com.silenttalk.automation.core.status.PlatformStatus;
import com.silenttalk.automation.core.status.Reason;
import com.silenttalk.automation.core.status.SafetyStatus;
import com.silenttalk.automation.core.status.Verdict;
import com.silenttalk.automation.local.drill.DrillTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * status.html: one self-contained page (inline styles and SVG, no script, nothing fetched, so it
 * works offline and from a mail attachment). The verdict per database first, then per database
 * its reasons, snapshots and copies, the last drill's timeline, a chart of RTO and RPO over the
 * drills with the targets as dashed lines, and the last drills' trend; then the platform.
 * Verdicts and results are always written out (SAFE, AT RISK, PASS, FAIL): colour only repeats them.
 */
public final class StatusPage {
    /** The chart shows at most this many drills per database (the newest); the page stays small with long histories. */
    public static final int CHART_POINTS = 50;
    private static final int CHART_WIDTH = 720;
    private static final int PANEL_HEIGHT = 120;
    private static final int LEFT = 70;
    private static final int GAP = 34;

    private static final String CSS = "body{font:14px system-ui,sans-serif;margin:1.5em 2em;color:#1d1d1d;max-width:1150px}"
            + "h1{font-size:22px}h2{font-size:18px;margin-top:1.8em;border-bottom:1px solid #ccc}h3{font-size:15px}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}.v{font-weight:700;padding:1px 6px;border-radius:3px}"
            + ".v.safe{background:#d9f2dc;color:#0f5a14}.v.at-risk{background:#fbd9dd;color:#8a0016}.v.unknown{background:#fff0c2;color:#6b4e00}"
            + ".pass{color:#176b1a}.fail{color:#b00020;font-weight:700}.muted{color:#666}ul.reasons li{margin:.2em 0}"
            + "svg.chart{background:#fafafa;border:1px solid #ddd}svg .axis{stroke:#999;stroke-width:1}"
            + "svg .target{stroke:#b00020;stroke-width:1.5;stroke-dasharray:6 4}svg .series{fill:none;stroke:#3b6fc4;stroke-width:1.5}"
            + "svg .rpo.series{stroke:#7a4bbf}svg circle.p{fill:#3b6fc4}svg .rpo circle.p{fill:#7a4bbf}"
            + "svg .f{fill:#fff;stroke:#b00020;stroke-width:2}svg text{font:11px system-ui,sans-serif;fill:#333}"
            + DrillTimeline.CSS;

    private StatusPage() {
    }

    public static String render(SafetyStatus status, String source) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>SilentTalk status: ")
                .append(status.overall().label()).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>Are we safe right now? ").append(verdict(status.overall())).append("</h1>");
        h.append("<p>As of <b>").append(InstantText.utc(status.at())).append("</b>, from ").append(escape(source))
                .append(". Targets: RPO ").append(DurationText.readable(status.policy().targets().rpo())).append(", RTO ")
                .append(DurationText.readable(status.policy().targets().rto())).append(", a drill every ")
                .append(DurationText.readable(status.policy().drillMaxAge())).append(", a rotation every ")
                .append(DurationText.readable(status.policy().rotationInterval())).append(".</p>");
        h.append("<table class=\"verdicts\"><tr><th>database</th><th>verdict</th><th>why</th></tr>");
        for (DatabaseStatus d : status.databases()) {
            h.append("<tr class=\"verdict-row\" data-database=\"").append(escape(d.database().value())).append("\" data-verdict=\"")
                    .append(d.verdict().label()).append("\"><td><a href=\"#db-").append(escape(d.database().value())).append("\">")
                    .append(escape(d.database().value())).append("</a></td><td>").append(verdict(d.verdict())).append("</td><td>")
                    .append(d.reasons().isEmpty() ? "no reason: every check holds"
                            : escape(d.reasons().get(0).text()) + (d.reasons().size() > 1 ? " <span class=\"muted\">(and "
                            + (d.reasons().size() - 1) + " more)</span>" : ""))
                    .append("</td></tr>");
        }
        h.append("</table>");
        if (status.databases().isEmpty()) {
            h.append("<p>No database is configured or on record: UNKNOWN.</p>");
        }
        for (DatabaseStatus d : status.databases()) {
            database(h, d, status);
        }
        platform(h, status.platform());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void database(StringBuilder h, DatabaseStatus d, SafetyStatus status) {
        String name = escape(d.database().value());
        h.append("<section id=\"db-").append(name).append("\"><h2>").append(name).append(": ").append(verdict(d.verdict())).append("</h2>");
        reasons(h, d.reasons());
        h.append("<h3>Snapshots and copies</h3>");
        if (d.regions().isEmpty()) {
            h.append("<p>None on record.</p>");
        } else {
            h.append("<table><tr><th>region</th><th>holds</th><th>newest</th><th>age</th><th>checksum</th><th>newest verified</th>")
                    .append("<th>immutable</th></tr>");
            for (RegionStatus r : d.regions()) {
                h.append("<tr><td>").append(escape(r.region())).append("</td><td class=\"n\">").append(r.count())
                        .append(r.copyRegion() ? " copies" : " snapshots").append("</td>");
                if (r.newest() == null) {
                    h.append("<td colspan=\"3\" class=\"fail\">NONE</td>");
                } else {
                    h.append("<td>").append(escape(r.newest().id().value())).append("<br><span class=\"muted\">")
                            .append(InstantText.utc(r.newest().takenAt())).append("</span></td><td class=\"n\">")
                            .append(DurationText.readable(r.newestAge())).append(r.late() ? " <span class=\"fail\">LATE</span>" : "")
                            .append("</td><td>").append(!r.newest().isCopy() ? "-"
                                    : r.newest().checksum() == KnownSnapshot.Checksum.VERIFIED ? "verified" : "not checked")
                            .append("</td>");
                }
                h.append("<td>").append(r.newestVerified() == null ? "none" : escape(r.newestVerified().id().value()))
                        .append("</td><td>").append(escape(StatusText.immutability(r))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h3>Last drill</h3>");
        if (d.lastDrill() == null) {
            h.append("<p>No drill has finished: nothing proves these backups restore.</p>");
        } else {
            var r = d.lastDrill();
            h.append("<p>").append(escape(r.runId())).append(": <span class=\"").append(r.passed() ? "pass\">PASS" : "fail\">FAIL")
                    .append("</span>, finished ").append(InstantText.utc(r.finishedAt())).append(", copy ")
                    .append(escape(r.drillRegion() + "/" + r.snapshotId())).append(", RTO <b>").append(DurationText.readable(r.rto()))
                    .append("</b> (target ").append(DurationText.readable(r.rtoTarget())).append("), RPO <b>")
                    .append(DurationText.readable(r.rpo())).append("</b> (target ").append(DurationText.readable(r.rpoTarget()))
                    .append(")").append(r.failure() == null ? "" : ". <span class=\"fail\">" + escape(r.failure()) + "</span>")
                    .append(".</p>");
            DrillTimeline.append(h, r);
        }
        if (!d.history().isEmpty()) {
            h.append("<h3>RTO and RPO, drill by drill</h3>");
            chart(h, d, status);
            h.append("<h3>Trend: the last ").append(d.trend().size()).append(" drills</h3><table><tr><th>drill</th><th>result</th>")
                    .append("<th>finished (UTC)</th><th>RTO</th><th>RPO</th><th>size</th></tr>");
            for (DrillPoint t : d.trend()) {
                h.append("<tr><td>").append(escape(t.runId())).append("</td><td class=\"").append(t.passed() ? "pass\">PASS" : "fail\">FAIL")
                        .append("</td><td>").append(InstantText.utc(t.finishedAt())).append("</td><td class=\"n\">")
                        .append(DurationText.readable(t.rto())).append("</td><td class=\"n\">").append(DurationText.readable(t.rpo()))
                        .append("</td><td class=\"n\">").append(StatusText.size(t)).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("</section>");
    }

    /**
     * Two panels on one drill axis, RTO above and RPO below (their scales differ: minutes against
     * hours), each with its target as a dashed line. A failed drill is a hollow point and says FAIL
     * in its tooltip; a drill that measured nothing has no point.
     */
    private static void chart(StringBuilder h, DatabaseStatus d, SafetyStatus status) {
        List<DrillPoint> points = d.history().subList(Math.max(0, d.history().size() - CHART_POINTS), d.history().size());
        int height = 2 * PANEL_HEIGHT + GAP + 30;
        h.append("<svg class=\"chart\" role=\"img\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ').append(height).append("\" data-database=\"")
                .append(escape(d.database().value())).append("\" aria-label=\"RTO and RPO of the last ").append(points.size())
                .append(" drills of ").append(escape(d.database().value())).append("\">");
        panel(h, "rto", "RTO", points, DrillPoint::rto, status.policy().targets().rto(), 10);
        panel(h, "rpo", "RPO", points, DrillPoint::rpo, status.policy().targets().rpo(), 10 + PANEL_HEIGHT + GAP);
        h.append("<text x=\"").append(LEFT).append("\" y=\"").append(height - 6).append("\">")
                .append(InstantText.utc(points.get(0).finishedAt())).append("</text><text x=\"").append(CHART_WIDTH - 8)
                .append("\" y=\"").append(height - 6).append("\" text-anchor=\"end\">")
                .append(InstantText.utc(points.get(points.size() - 1).finishedAt())).append("</text></svg>");
        if (d.history().size() > points.size()) {
            h.append("<p class=\"muted\">The newest ").append(points.size()).append(" of ").append(d.history().size())
                    .append(" drills.</p>");
        }
    }

    private static void panel(StringBuilder h, String kind, String label, List<DrillPoint> points, Function<DrillPoint, Duration> value,
                              Duration target, int top) {
        long max = target.toMillis();
        for (DrillPoint p : points) {
            Duration v = value.apply(p);
            if (v != null) {
                max = Math.max(max, v.toMillis());
            }
        }
        double top10 = max * 1.1;
        int plotWidth = CHART_WIDTH - LEFT - 14;
        int bottom = top + PANEL_HEIGHT;
        h.append("<g class=\"").append(kind).append("\"><text x=\"4\" y=\"").append(top + 12).append("\">").append(label)
                .append("</text><text x=\"4\" y=\"").append(top + 26).append("\" class=\"muted\">max ")
                .append(DurationText.readable(Duration.ofMillis((long) top10))).append("</text>")
                .append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"")
                .append(CHART_WIDTH - 8).append("\" y2=\"").append(bottom).append("\"/><line class=\"axis\" x1=\"").append(LEFT)
                .append("\" y1=\"").append(top).append("\" x2=\"").append(LEFT).append("\" y2=\"").append(bottom).append("\"/>");
        int targetY = y(target.toMillis(), top10, top);
        h.append("<line class=\"target\" data-target=\"").append(kind).append("\" data-seconds=\"").append(target.toSeconds())
                .append("\" x1=\"").append(LEFT).append("\" y1=\"").append(targetY).append("\" x2=\"").append(CHART_WIDTH - 8)
                .append("\" y2=\"").append(targetY).append("\"><title>").append(label).append(" target ")
                .append(DurationText.readable(target)).append("</title></line><text x=\"").append(CHART_WIDTH - 10).append("\" y=\"")
                .append(targetY - 4).append("\" text-anchor=\"end\">target ").append(DurationText.readable(target)).append("</text>");
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            DrillPoint p = points.get(i);
            Duration v = value.apply(p);
            if (v == null) {
                continue;
            }
            int x = LEFT + 8 + (points.size() == 1 ? plotWidth / 2 : (int) Math.round((plotWidth - 16.0) * i / (points.size() - 1)));
            int y = y(v.toMillis(), top10, top);
            line.append(line.length() == 0 ? "" : " ").append(x).append(',').append(y);
            dots.append("<circle class=\"").append(p.passed() ? "p" : "f").append("\" cx=\"").append(x).append("\" cy=\"").append(y)
                    .append("\" r=\"3\" data-run=\"").append(escape(p.runId())).append("\"><title>").append(escape(p.runId())).append(' ').append(label).append(' ')
                    .append(DurationText.readable(v)).append(p.passed() ? " PASS" : " FAIL").append("</title></circle>");
        }
        if (line.indexOf(" ") > 0) {
            h.append("<polyline class=\"").append(kind).append(" series\" points=\"").append(line).append("\"/>");
        }
        h.append(dots).append("</g>");
    }

    private static int y(long millis, double max, int top) {
        return top + PANEL_HEIGHT - (int) Math.round(PANEL_HEIGHT * millis / max);
    }

    private static void platform(StringBuilder h, PlatformStatus p) {
        h.append("<section id=\"platform\"><h2>Platform (applies to every database): ").append(verdict(p.verdict())).append("</h2>");
        reasons(h, p.reasons());
        h.append("<h3>Secrets</h3>");
        if (p.secrets().isEmpty()) {
            h.append("<p>No rotation on record.</p>");
        } else {
            h.append("<table><tr><th>secret</th><th>last rotated</th><th>next due</th><th>last failure</th></tr>");
            for (PlatformStatus.SecretStatus s : p.secrets()) {
                h.append("<tr><td>").append(escape(s.secret())).append("</td><td>").append(InstantText.utc(s.lastRotatedAt()))
                        .append("</td><td>").append(InstantText.utc(s.nextDueAt())).append(s.overdue() ? " <span class=\"fail\">OVERDUE</span>" : "")
                        .append("</td><td>").append(s.lastFailureAt() == null ? "none"
                                : "<span class=\"fail\">FAILED</span> " + InstantText.utc(s.lastFailureAt()) + ": " + escape(s.lastFailure()))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h3>Failover</h3>");
        if (p.pendingPlans().isEmpty()) {
            h.append("<p>No plan awaits approval.</p>");
        }
        for (PlatformStatus.PendingPlan plan : p.pendingPlans()) {
            h.append("<p class=\"fail\">Plan ").append(escape(plan.planId())).append(" (").append(escape(plan.from())).append(" to ")
                    .append(escape(plan.to())).append(") awaits approval until ").append(InstantText.utc(plan.expiresAt())).append(".</p>");
        }
        for (PlatformStatus.FailoverGroup g : p.failovers()) {
            h.append("<p>").append(escape(g.group())).append(": last failover ").append(InstantText.utc(g.lastFailoverAt()))
                    .append(" (").append(escape(g.lastPlan())).append("), cooldown ")
                    .append(g.cooldownLeft().isZero() ? "over" : DurationText.readable(g.cooldownLeft()) + " left").append(".</p>");
        }
        h.append("<h3>Alerts</h3>");
        if (p.deadLetters().isEmpty()) {
            h.append("<p>No dead-lettered alert.</p>");
        } else {
            h.append("<table><tr><th>alert</th><th>state</th><th>channels</th><th>dead-lettered at</th></tr>");
            for (PlatformStatus.DeadLetter l : p.deadLetters()) {
                h.append("<tr><td>").append(escape(l.alert())).append("</td><td>").append(escape(l.state())).append("</td><td>")
                        .append(escape(l.channels())).append("</td><td>").append(InstantText.utc(l.at())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("</section>");
    }

    private static void reasons(StringBuilder h, List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        h.append("<ul class=\"reasons\">");
        for (Reason r : reasons) {
            h.append("<li><b>").append(r.verdict().label()).append("</b> (").append(r.area().label()).append(") ")
                    .append(escape(r.text())).append("</li>");
        }
        h.append("</ul>");
    }

    private static String verdict(Verdict v) {
        return "<span class=\"v " + v.name().toLowerCase(Locale.ROOT).replace('_', '-') + "\">" + v.label() + "</span>";
    }
}
