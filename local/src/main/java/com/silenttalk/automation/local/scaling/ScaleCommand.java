package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Decide (and apply) a scaling step from an alarm event: out by one when CPU > 70%% for 5 min or the 5xx alarm fires,"
                + " in by one when CPU < 30%% for 5 min; 3..10; cooldown 10 min; never in while a drill or failover runs.",
                "--dry-run prints the decision and changes nothing. The local runner keeps desired counts in <stateDir>/scaling/capacity.json."})
public final class ScaleCommand implements Callable<Integer> {
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
        ScalingWiring.checkCurrent(current);
        Normalised normalised = ScalingWiring.eventReader().read(LocalFiles.readEvent(opsctl.workingDir().resolve(event)));
        if (normalised instanceof Normalised.Ignored ignored) {
            opsctl.out().println(ScaleDecisionLine.ignored(ignored.reason()));
            return ExitCode.OK;
        }
        Alert alert = ((Normalised.Raised) normalised).alert();
        ScalingSignal signal = AlarmSignals.from(alert);
        ScalingTarget scalingTarget = AlarmTarget.of(target, alert);
        ScalingWiring wiring = ScalingWiring.of(opsctl.config(), opsctl.clock());
        ScaleOnAlarm useCase = wiring.scaleOnAlarm(dryRun);
        ScalingWiring.StartingCount known = wiring.startingCount(scalingTarget, current, dryRun);
        ScaleOnAlarm.Result result = useCase.execute(scalingTarget, signal, known.count(), dryRun);
        opsctl.out().println(ScaleDecisionLine.of(scalingTarget, signal, result, known.assumed()));
        return ExitCode.OK;
    }
}
