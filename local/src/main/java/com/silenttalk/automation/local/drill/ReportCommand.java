package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Show the report of the latest finished drill (JSON on stdout).")
public final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--last", required = true, description = "The latest finished drill.")
    boolean last;

    @Option(names = "--demo", description = "Look in the demo's state instead of the configured one.")
    boolean demo;

    @Override
    public Integer call() {
        OpsConfig config = demo ? DemoSource.configFor(opsctl.config()) : opsctl.config();
        DrillState state = DrillWiring.journalOf(config).lastFinished()
                .orElseThrow(() -> new InvalidFieldException("--last", "no finished drill in " + config.journalDir()));
        DrillReport report = state.report();
        opsctl.out().println(LocalJson.writeRecordIndented(report));
        opsctl.err().println("[report] " + report.summary());
        return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
