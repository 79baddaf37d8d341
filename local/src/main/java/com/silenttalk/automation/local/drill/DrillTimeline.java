package com.silenttalk.automation.local.drill;

import static com.silenttalk.automation.local.drill.HtmlText.escape;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.StepTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A drill's steps on one time scale, for the drill report and the status page: the step's name
 * left of its bar (never inside it, so it is never cut), how long it took as people say it
 * ({@code 3 min 4 s}), when it started (UTC, to the second), FAILED in words on a failed step,
 * and the RTO target as a dashed line counted from the restore's start.
 */
public final class DrillTimeline {
    /** The styles the timeline needs; a page includes them once. */
    public static final String CSS = ".tl{display:grid;grid-template-columns:7em minmax(200px,1fr) 7.5em 17em;gap:3px 10px;"
            + "align-items:center;max-width:1100px;margin:.5em 0}.tl-h{font-size:12px;color:#555}"
            + ".tl-name{text-align:right;font-weight:600}.tl-lane{position:relative;height:18px;background:#eee}"
            + ".tl-bar{position:absolute;top:0;bottom:0;min-width:2px;background:#3b6fc4}"
            + ".tl-bar.failed{background:repeating-linear-gradient(45deg,#b00020 0 5px,#e8a0a8 5px 10px)}"
            + ".tl-target{position:absolute;top:-4px;bottom:-4px;border-left:2px dashed #b00020}"
            + ".tl-took{font-variant-numeric:tabular-nums;text-align:right}.tl-at{font-variant-numeric:tabular-nums;color:#444}"
            + ".tl-failed{color:#b00020;font-weight:700}";

    private DrillTimeline() {
    }

    public static void append(StringBuilder h, DrillReport r) {
        if (r.steps().isEmpty() || r.startedAt() == null || r.finishedAt() == null) {
            h.append("<p>No step finished, so there is no timeline.</p>");
            return;
        }
        long total = Math.max(1, Duration.between(r.startedAt(), r.finishedAt()).toMillis());
        Instant rtoFrom = r.steps().stream().filter(t -> t.step() == DrillStep.RESTORE).map(StepTiming::startedAt).findFirst()
                .orElse(r.startedAt());
        long targetAt = r.rtoTarget() == null ? -1 : Duration.between(r.startedAt(), rtoFrom).plus(r.rtoTarget()).toMillis();
        // show the target when it is within reach of the steps, else say where it lies
        long scale = targetAt > 0 && targetAt <= total * 4 ? Math.max(total, targetAt) : total;
        h.append("<div class=\"tl\" role=\"table\" aria-label=\"drill timeline\">")
                .append("<span class=\"tl-h tl-name\">step</span><span class=\"tl-h\">0 to ")
                .append(DurationText.readable(Duration.ofMillis(scale))).append("</span><span class=\"tl-h tl-took\">took</span>")
                .append("<span class=\"tl-h\">started</span>");
        for (StepTiming t : r.steps()) {
            long from = Math.max(0, Duration.between(r.startedAt(), t.startedAt()).toMillis());
            // a step that failed says "failed: why"; the report step's plain "failed" is the drill's result
            boolean failed = t.detail() != null && t.detail().startsWith("failed:");
            h.append("<span class=\"tl-name\">").append(escape(t.step().label())).append("</span>")
                    .append("<span class=\"tl-lane\"><span class=\"tl-bar").append(failed ? " failed" : "")
                    .append("\" style=\"left:").append(percent(from, scale)).append("%;width:")
                    .append(percent(Math.max(0, t.duration().toMillis()), scale)).append("%\" title=\"")
                    .append(escape(t.step().label() + ": " + DurationText.readable(t.duration())
                            + (t.detail() == null ? "" : " (" + t.detail() + ")"))).append("\"></span>");
            if (targetAt > 0 && targetAt <= scale) {
                h.append("<span class=\"tl-target\" style=\"left:").append(percent(targetAt, scale)).append("%\"></span>");
            }
            h.append("</span><span class=\"tl-took\">").append(DurationText.readable(t.duration())).append("</span>")
                    .append("<span class=\"tl-at\">").append(InstantText.utc(t.startedAt()))
                    .append(failed ? " <span class=\"tl-failed\">FAILED</span>" : "").append("</span>");
        }
        h.append("</div><p class=\"tl-h\">Dashed line: the RTO target (")
                .append(DurationText.readable(r.rtoTarget())).append(") counted from the restore's start");
        if (targetAt > scale) {
            h.append(", beyond the right edge (at ").append(DurationText.readable(Duration.ofMillis(targetAt))).append(")");
        }
        h.append(". Started ").append(InstantText.utc(r.startedAt())).append(", finished ").append(InstantText.utc(r.finishedAt()))
                .append(".</p>");
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f", Math.min(100.0, 100.0 * part / whole));
    }
}
