package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.alerting.Alert;
import java.util.Locale;

/**
 * Which alarms drive scaling. The alarm itself carries the "for 5 minutes" (its period times
 * evaluation periods), so a firing CPU alarm is a sustained signal:
 * <ul>
 *   <li>an alarm tag {@code scaling: out | in} decides the direction when present;</li>
 *   <li>a metric with "5xx" in its name (HTTPCode_Target_5XX_Count, Http5xx) fires {@code ERROR_RATE_HIGH};</li>
 *   <li>a CPU metric (CPUUtilization, CpuPercentage, Percentage CPU) fires {@code CPU_LOW} when the
 *       comparison is "less than" (or, without a comparison, the name says "low"), else {@code CPU_HIGH};</li>
 *   <li>resolutions and other metrics give {@code NONE}.</li>
 * </ul>
 */
public final class AlarmSignals {
    private AlarmSignals() {
    }

    public static ScalingSignal from(Alert alert) {
        String id = "alert/" + alert.dedupeKey() + "/" + alert.changedAt();
        String what = "alarm " + alert.name();
        if (!alert.isFiring()) {
            return new ScalingSignal(ScalingSignal.Kind.NONE, id, what + " resolved: nothing to scale", alert.changedAt());
        }
        String metric = alert.metric().toLowerCase(Locale.ROOT);
        String tag = alert.tags().getOrDefault("scaling", "").toLowerCase(Locale.ROOT);
        if (tag.equals("in")) {
            return new ScalingSignal(ScalingSignal.Kind.CPU_LOW, id, what + " (scaling: in) fired", alert.changedAt());
        }
        if (metric.contains("5xx")) {
            return new ScalingSignal(ScalingSignal.Kind.ERROR_RATE_HIGH, id, what + ": 5xx rate above threshold", alert.changedAt());
        }
        if (tag.equals("out")) {
            return new ScalingSignal(ScalingSignal.Kind.CPU_HIGH, id, what + " (scaling: out) fired", alert.changedAt());
        }
        if (metric.contains("cpu")) {
            String comparison = alert.details().getOrDefault("comparison", "").toLowerCase(Locale.ROOT);
            boolean low = comparison.isEmpty()
                    ? alert.name().toLowerCase(Locale.ROOT).contains("low")
                    : comparison.startsWith("less");
            return new ScalingSignal(low ? ScalingSignal.Kind.CPU_LOW : ScalingSignal.Kind.CPU_HIGH, id,
                    what + ": CPU " + (low ? "below the scale-in" : "above the scale-out") + " threshold, sustained",
                    alert.changedAt());
        }
        return new ScalingSignal(ScalingSignal.Kind.NONE, id, what + ": metric " + alert.metric() + " does not drive scaling",
                alert.changedAt());
    }
}
