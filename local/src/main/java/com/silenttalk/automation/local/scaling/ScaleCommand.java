package com.silenttalk.automation.local.scaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Decide (and apply) a scaling step from an alarm event: out by one when CPU > 70%% for 5 min or the 5xx alarm fires,"
                + " in by one when CPU < 30%% for 5 min; 3..10; cooldown 10 min; never in while a drill or failover runs.",
                "--dry-run prints the decision and changes nothing. The local runner keeps desired counts in <stateDir>/scaling/capacity.json."})
public final class ScaleCommand implements Callable<Integer> {
    /** Far above any tier this scales (3..10), low enough that no count arithmetic overflows. */
    static final int MAX_CURRENT = 10_000;

    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "The alarm event (CloudWatch, SNS or Azure Monitor).")
    Path event;

    @Option(names = "--target", paramLabel = "CLUSTER/SERVICE",
            description = "What to scale (default: from the alarm's ClusterName/ServiceName dimensions, else its resource).")
    String target;

    @Option(names = "--current", paramLabel = "N", description = "The current count, instead of reading it.")
    Integer current;

    @Option(names = "--dry-run", description = "Print the decision; set nothing, write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (current != null && (current < 0 || current > MAX_CURRENT)) {
            throw new InvalidFieldException("--current", "must be a count of instances between 0 and " + MAX_CURRENT + ", got " + current);
        }
        Normalised normalised = ScalingWiring.eventReader().read(LocalFiles.readEvent(opsctl.workingDir().resolve(event)));
        if (normalised instanceof Normalised.Ignored ignored) {
            opsctl.out().println(LocalJson.line(LocalJson.MAPPER.createObjectNode().put("ignored", ignored.reason())));
            return ExitCode.OK;
        }
        Alert alert = ((Normalised.Raised) normalised).alert();
        ScalingSignal signal = AlarmSignals.from(alert);
        ScalingTarget scalingTarget = new ScalingTarget(target != null ? target : targetOf(alert));
        ScalingWiring wiring = ScalingWiring.of(opsctl.config(), opsctl.clock());
        ScaleOnAlarm useCase = wiring.scaleOnAlarm(dryRun);
        OptionalInt known = current != null ? OptionalInt.of(current) : OptionalInt.empty();
        String assumed = null;
        if (known.isEmpty()) {
            known = wiring.capacity().recorded(scalingTarget);
        }
        if (known.isEmpty() && dryRun) {
            known = OptionalInt.of(ScalingPolicy.DEFAULT.minCount());
            assumed = "no recorded count for " + scalingTarget + "; assumed the minimum (pass --current N)";
        }
        ScaleOnAlarm.Result result = useCase.execute(scalingTarget, signal, known, dryRun);
        ObjectNode line = LocalJson.MAPPER.createObjectNode();
        line.put("target", scalingTarget.value());
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
        opsctl.out().println(LocalJson.line(line));
        return ExitCode.OK;
    }

    /** "cluster/service" from ECS dimensions; otherwise the alert's resource (an App Service plan ID, ...). */
    static String targetOf(Alert alert) {
        TreeMap<String, String> dims = new TreeMap<>();
        for (String part : alert.resource().split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                dims.put(kv[0], kv[1]);
            }
        }
        if (dims.containsKey("ClusterName") && dims.containsKey("ServiceName")) {
            return dims.get("ClusterName") + "/" + dims.get("ServiceName");
        }
        return alert.resource();
    }
}
