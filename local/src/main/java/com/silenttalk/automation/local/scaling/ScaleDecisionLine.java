package com.silenttalk.automation.local.scaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.local.LocalJson;

/** {@code opsctl scale}'s one JSON line: the target, the signal, the decision and whether it was applied. */
final class ScaleDecisionLine {
    private ScaleDecisionLine() {
    }

    /** @param assumed why the current count was assumed (a dry-run with no recorded count), or null */
    static String of(ScalingTarget target, ScalingSignal signal, ScaleOnAlarm.Result result, String assumed) {
        ObjectNode line = LocalJson.MAPPER.createObjectNode();
        line.put("target", target.value());
        line.putObject("signal").put("kind", signal.kind().name()).put("reason", signal.reason()).put("id", signal.id());
        line.putObject("decision").put("direction", result.decision().direction().name())
                .put("current", result.decision().current()).put("desired", result.decision().target())
                .put("reason", result.decision().reason());
        line.put("dryRun", result.dryRun()).put("applied", result.applied());
        if (assumed != null) {
            line.put("note", assumed);
        }
        if (result.duplicate()) {
            line.put("skipped", "this signal was already handled (ledger)");
        }
        return LocalJson.line(line);
    }

    /** The line for an event that is no alarm to scale on. */
    static String ignored(String reason) {
        return LocalJson.line(LocalJson.MAPPER.createObjectNode().put("ignored", reason));
    }
}
