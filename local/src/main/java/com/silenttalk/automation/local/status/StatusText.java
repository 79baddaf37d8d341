package com.silenttalk.automation.local.status;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.status.DatabaseStatus;
import com.silenttalk.automation.core.status.DatabaseStatus.DrillPoint;
import com.silenttalk.automation.core.status.DatabaseStatus.RegionStatus;
import com.silenttalk.automation.core.status.KnownSnapshot;
import com.silenttalk.automation.core.status.PlatformStatus;
import com.silenttalk.automation.core.status.Reason;
import com.silenttalk.automation.core.status.SafetyStatus;
import com.silenttalk.automation.core.status.StatusPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The status for people at a terminal: the verdicts first, then each database's evidence; never wider than {@value #WIDTH} columns. */
public final class StatusText {
    public static final int WIDTH = 100;
    private static final char NBSP = '\u00a0';
    /** A figure and its unit ("9 min 22 s"), a UTC timestamp: wrapped as one word. */
    private static final Pattern KEEP_TOGETHER = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC|\\d+(\\.\\d)? (d|h|min|s)( \\d+ (h|min|s))?\\b");

    private StatusText() {
    }

    public static String render(SafetyStatus status, String source) {
        StringBuilder out = new StringBuilder(8192);
        StatusPolicy p = status.policy();
        line(out, "", "SilentTalk status at " + InstantText.utc(status.at()) + " (" + source + "): " + status.overall().label());
        line(out, "", "targets: RPO " + DurationText.readable(p.targets().rpo()) + " (late after +" + DurationText.readable(p.snapshotGrace())
                + "), RTO " + DurationText.readable(p.targets().rto()) + "; a drill every " + DurationText.readable(p.drillMaxAge())
                + ", a rotation every " + DurationText.readable(p.rotationInterval()));
        out.append('\n');
        out.append(String.format(Locale.ROOT, "%-22s %-8s %-14s %-14s %-24s %s%n", "DATABASE", "VERDICT", "SNAPSHOT AGE",
                "COPY AGE", "LAST DRILL", "REASONS"));
        for (DatabaseStatus d : status.databases()) {
            out.append(String.format(Locale.ROOT, "%-22s %-8s %-14s %-14s %-24s %s%n", cut(d.database().value(), 22),
                    d.verdict().label(), age(d, false), age(d, true), lastDrill(d.lastDrill()), d.reasons().size()));
        }
        for (DatabaseStatus d : status.databases()) {
            database(out, d);
        }
        platform(out, status.platform(), status.at());
        return out.toString();
    }

    private static void database(StringBuilder out, DatabaseStatus d) {
        out.append('\n');
        line(out, "", "== " + d.database() + ": " + d.verdict().label());
        for (Reason r : d.ownReasons()) {
            line(out, "   - ", r.area().label() + ": " + r.text());
        }
        int platform = d.reasons().size() - d.ownReasons().size();
        if (platform > 0) {
            line(out, "   - ", platform + " platform reason" + (platform == 1 ? "" : "s") + " (below)");
        }
        for (RegionStatus r : d.regions()) {
            StringBuilder region = new StringBuilder();
            if (r.newest() == null) {
                region.append("no ").append(r.copyRegion() ? "copy" : "snapshot");
            } else {
                region.append(r.count()).append(r.copyRegion() ? " copies" : " snapshots").append(", newest ")
                        .append(r.newest().id()).append(", ").append(DurationText.readable(r.newestAge())).append(" old")
                        .append(r.late() ? " (LATE)" : "");
                if (r.newest().isCopy()) {
                    region.append(", checksum ").append(r.newest().checksum() == KnownSnapshot.Checksum.VERIFIED ? "verified" : "not checked");
                }
                region.append("; newest verified: ").append(r.newestVerified() == null ? "none" : r.newestVerified().id());
            }
            region.append("; immutable: ").append(immutability(r));
            line(out, "   " + pad(cut(r.region(), 9), 9) + " ", region.toString());
        }
        DrillReport last = d.lastDrill();
        if (last != null) {
            line(out, "   last drill ", last.runId() + ": " + (last.passed() ? "PASS" : "FAIL") + " at " + InstantText.utc(last.finishedAt())
                    + ", RTO " + DurationText.readable(last.rto()) + " (target " + DurationText.readable(last.rtoTarget()) + "), RPO "
                    + DurationText.readable(last.rpo()) + " (target " + DurationText.readable(last.rpoTarget()) + "), copy "
                    + last.drillRegion() + "/" + (last.snapshotId() == null ? "-" : last.snapshotId()));
        }
        List<DrillPoint> trend = d.trend();
        if (!trend.isEmpty()) {
            out.append(String.format(Locale.ROOT, "   %-15s %-6s %-20s %-12s %-12s %s%n", "trend, last " + trend.size(), "RESULT",
                    "FINISHED (UTC)", "RTO", "RPO", "SIZE"));
            for (DrillPoint t : trend) {
                out.append(String.format(Locale.ROOT, "   %-15s %-6s %-20s %-12s %-12s %s%n", "", t.passed() ? "PASS" : "FAIL",
                        InstantText.utc(t.finishedAt()).replace(" UTC", ""), DurationText.readable(t.rto()),
                        DurationText.readable(t.rpo()), size(t)));
            }
        }
    }

    private static void platform(StringBuilder out, PlatformStatus p, Instant at) {
        out.append('\n');
        line(out, "", "== platform (applies to every database): " + p.verdict().label());
        for (Reason r : p.reasons()) {
            line(out, "   - ", r.area().label() + ": " + r.text());
        }
        if (p.secrets().isEmpty()) {
            line(out, "   secrets   ", "no rotation on record");
        }
        for (PlatformStatus.SecretStatus s : p.secrets()) {
            line(out, "   secret    ", s.secret() + ": last rotated " + (s.lastRotatedAt() == null ? "never"
                    : DurationText.readable(Duration.between(s.lastRotatedAt(), at)) + " ago (" + InstantText.utc(s.lastRotatedAt()) + ")")
                    + ", next due "
                    + InstantText.utc(s.nextDueAt()) + (s.overdue() ? " (OVERDUE)" : "")
                    + (s.lastFailureAt() == null ? "" : "; last failure " + InstantText.utc(s.lastFailureAt())));
        }
        for (PlatformStatus.PendingPlan plan : p.pendingPlans()) {
            line(out, "   failover  ", "plan " + plan.planId() + " awaits approval until " + InstantText.utc(plan.expiresAt()));
        }
        for (PlatformStatus.FailoverGroup g : p.failovers()) {
            line(out, "   failover  ", g.group() + ": last failover " + InstantText.utc(g.lastFailoverAt()) + " (" + g.lastPlan()
                    + "), cooldown " + (g.cooldownLeft().isZero() ? "over" : DurationText.readable(g.cooldownLeft()) + " left"));
        }
        if (p.pendingPlans().isEmpty() && p.failovers().isEmpty()) {
            line(out, "   failover  ", "no plan awaits approval; no failover on record");
        }
        line(out, "   alerts    ", p.deadLetters().isEmpty() ? "no dead-lettered alert" : p.deadLetters().size() + " dead-lettered, not replayed");
    }

    static String immutability(RegionStatus r) {
        if (r.immutable() == null) {
            return "unknown";
        }
        return r.immutable() ? "until " + InstantText.utc(r.immutableUntil()) : "no";
    }

    private static String age(DatabaseStatus d, boolean copies) {
        return d.regions().stream().filter(r -> r.copyRegion() == copies).map(r -> r.newestAge() == null ? "none"
                : DurationText.readable(r.newestAge()) + (r.late() ? "!" : ""))
                .reduce((a, b) -> a + "," + b).map(s -> cut(s, 14)).orElse("-");
    }

    private static String lastDrill(DrillReport last) {
        return last == null ? "none" : (last.passed() ? "PASS " : "FAIL ") + InstantText.utc(last.finishedAt()).substring(0, 16);
    }

    static String size(DrillPoint t) {
        if (t.sizeBytes() > 0) {
            return String.format(Locale.ROOT, "%.1f MiB", t.sizeBytes() / 1048576.0);
        }
        return t.rows() > 0 ? t.rows() + " rows" : "-";
    }

    /** Appends {@code text} after {@code prefix}, wrapped at word boundaries so no line passes {@link #WIDTH}. */
    static void line(StringBuilder out, String prefix, String text) {
        int start = out.length();
        String indent = " ".repeat(prefix.length());
        String lead = prefix;
        List<String> words = new ArrayList<>(List.of(KEEP_TOGETHER.matcher(text).replaceAll(m -> m.group().replace(' ', NBSP))
                .split(" ")));
        StringBuilder current = new StringBuilder(lead);
        boolean empty = true;
        for (String word : words) {
            while (word.length() > WIDTH - indent.length()) { // an unbreakable token (an ARN): cut it
                if (!empty) {
                    out.append(current).append('\n');
                    current = new StringBuilder(indent);
                }
                int room = WIDTH - current.length();
                out.append(current).append(word, 0, room).append('\n');
                word = word.substring(room);
                current = new StringBuilder(indent);
                empty = true;
            }
            if (!empty && current.length() + 1 + word.length() > WIDTH) {
                out.append(current).append('\n');
                current = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        out.append(current).append('\n');
        for (int i = start; i < out.length(); i++) {
            if (out.charAt(i) == NBSP) {
                out.setCharAt(i, ' ');
            }
        }
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
