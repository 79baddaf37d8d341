package com.silenttalk.automation.local.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code opsctl alert ...}: normalise, gate and route alert events. */
@Command(name = "alert", mixinStandardHelpOptions = true,
        description = "Alerts: normalise a CloudWatch / SNS / Azure Monitor payload and route it to channels.",
        subcommands = AlertCommand.Route.class)
public final class AlertCommand {
    @ParentCommand
    OpsctlContext opsctl;

    @Command(name = "route", mixinStandardHelpOptions = true,
            description = {"Normalise one alert event, apply dedupe/flap/maintenance/deployment suppression and the routing rules, "
                    + "and deliver it (Slack, Teams, PagerDuty). --dry-run prints the plan and sends nothing.",
                    "Output: JSON lines: the alert (or why it was ignored), the gate's decision, one line per delivery.",
                    "Secrets come from the environment variables the rules name (OPSCTL_SLACK_WEBHOOK_URL, ...).",
                    "Each run judges the event on its own: flap and dedupe state lives for one process."})
    public static final class Route implements Callable<Integer> {
        @ParentCommand
        AlertCommand parent;

        @Option(names = "--event", required = true, paramLabel = "FILE",
                description = "The alert payload as delivered (EventBridge event, SNS record or envelope, Azure common alert schema).")
        Path event;

        @Option(names = "--rules", paramLabel = "FILE", description = "Routing rules YAML (default: the built-in seed rules).")
        Path rules;

        @Option(names = "--dry-run", description = "Print the normalised alert and the planned deliveries; send nothing, write nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            OpsctlContext opsctl = parent.opsctl;
            Path base = opsctl.workingDir();
            AlertingConfig alerting = rules == null ? AlertRulesFile.loadDefault() : AlertRulesFile.load(base.resolve(rules));
            Normalised normalised = AlertingWiring.eventReader().read(LocalFiles.readEvent(base.resolve(event)));
            if (normalised instanceof Normalised.Ignored ignored) {
                opsctl.out().println(RouteLines.ignored(ignored.reason()));
                return ExitCode.OK;
            }
            Alert alert = ((Normalised.Raised) normalised).alert();
            opsctl.out().println(RouteLines.alert(alert));

            AlertingWiring wiring = AlertingWiring.of(opsctl.config(), alerting, opsctl.env(), opsctl.clock(), opsctl.err()::println);
            FileDeadLetters deadLetters = wiring.deadLetters();
            RouteAlert.Result result = wiring.routeAlert(dryRun).route(alert, dryRun);
            RouteLines.result(alert, result).forEach(opsctl.out()::println);
            if (RouteLines.anyDeadLettered(result)) {
                opsctl.err().println("[alert] some deliveries failed; kept in " + deadLetters.file());
                return ExitCode.ENVIRONMENT;
            }
            return ExitCode.OK;
        }
    }
}
