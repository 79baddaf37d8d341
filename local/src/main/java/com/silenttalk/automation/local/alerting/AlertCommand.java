package com.silenttalk.automation.local.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
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
                print(LocalJson.MAPPER.createObjectNode().put("ignored", ignored.reason()));
                return ExitCode.OK;
            }
            Alert alert = ((Normalised.Raised) normalised).alert();
            print(LocalJson.MAPPER.createObjectNode().set("alert", AlertJson.alert(alert)));

            AlertingWiring wiring = AlertingWiring.of(opsctl.config(), alerting, opsctl.env(), opsctl.clock(), opsctl.err()::println);
            FileDeadLetters deadLetters = wiring.deadLetters();
            RouteAlert route = wiring.routeAlert(dryRun);
            RouteAlert.Result result = route.route(alert, dryRun);
            if (result.duplicateEvent()) {
                print(LocalJson.MAPPER.createObjectNode().put("decision", "skip: this event was already routed (ledger)"));
                return ExitCode.OK;
            }
            for (GateDecision d : result.decisions()) {
                ObjectNode line = LocalJson.MAPPER.createObjectNode().put("decision", RouteAlert.describe(d));
                if (!d.alert().dedupeKey().equals(alert.dedupeKey())) {
                    line.put("dedupeKey", d.alert().dedupeKey().value());
                }
                print(line);
            }
            boolean failed = false;
            for (RouteAlert.DeliveryOutcome o : result.deliveries()) {
                ObjectNode line = LocalJson.MAPPER.createObjectNode();
                ObjectNode delivery = line.putObject("delivery")
                        .put("channel", o.delivery().channel().name())
                        .put("kind", o.delivery().channel().kind().name())
                        .put("action", o.delivery().action().name())
                        .put("rule", o.delivery().rule())
                        .put("status", o.status().name());
                if (o.delivery().note() != null) {
                    delivery.put("note", o.delivery().note());
                }
                if (o.detail() != null) {
                    delivery.put("detail", o.detail());
                }
                failed |= o.status() == RouteAlert.Status.DEAD_LETTERED;
                print(line);
            }
            if (failed) {
                opsctl.err().println("[alert] some deliveries failed; kept in " + deadLetters.file());
                return ExitCode.ENVIRONMENT;
            }
            return ExitCode.OK;
        }

        private void print(ObjectNode line) {
            parent.opsctl.out().println(LocalJson.line(line));
        }
    }
}
