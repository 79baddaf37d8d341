package com.silenttalk.automation.local.status;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.status.SafetyStatus;
import com.silenttalk.automation.core.status.StatusAssessor;
import com.silenttalk.automation.core.status.StatusEvidence;
import com.silenttalk.automation.core.status.Verdict;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.drill.DemoSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Are we safe right now? Per database: SAFE, AT RISK or UNKNOWN with the reasons, from the newest",
                "snapshots per region against the RPO target, the copies, the last drills against the RTO/RPO targets,",
                "secret rotations, failover plans awaiting approval and dead-lettered alerts. Reads only.",
                "Exit 0 when every database is SAFE, 1 when one is AT RISK, 3 when none is at risk but one is UNKNOWN."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--demo", description = "The demo's state (./opsctl-data/demo) instead of the configured one.")
    boolean demo;

    @Option(names = "--json", description = "JSON on stdout instead of the text table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained page (status.html) to FILE.")
    Path html;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = {
            "aws: the DynamoDB ledger (--ledger-table or ST_LEDGER_TABLE) and the drill reports in the report bucket",
            "(--report-bucket or ST_REPORT_BUCKET), region AWS_REGION, databases ST_DATABASES, copy region ST_DR_REGION;",
            "azure: the ledger table (ST_LEDGER_TABLE, default stledger) and the report container (ST_REPORT_CONTAINER,",
            "default drill-reports) of ST_BACKUP_ACCOUNT, databases ST_DATABASES, copy region ST_PAIRED_REGION."})
    String cloud;

    @Option(names = "--ledger-table", paramLabel = "NAME", description = "--cloud: the ledger table (default: ST_LEDGER_TABLE).")
    String ledgerTable;

    @Option(names = "--report-bucket", paramLabel = "NAME", description = "--cloud aws: the report bucket (default: ST_REPORT_BUCKET).")
    String reportBucket;

    @Override
    public Integer call() {
        if (cloud != null && demo) {
            throw new InvalidFieldException("--demo", "reads the local demo state; it cannot be combined with --cloud");
        }
        OpsConfig config = demo ? DemoSource.configFor(opsctl.config()) : opsctl.config();
        StatusWiring wiring = StatusWiring.of(config, cloud, ledgerTable, reportBucket, opsctl.env(), opsctl.clock());
        StatusEvidence evidence = wiring.source().read();
        SafetyStatus status = StatusAssessor.assess(evidence, wiring.policy(), opsctl.clock().instant());
        String described = wiring.described();
        if (json) {
            opsctl.out().println(LocalJson.write(StatusJson.render(status, described)));
        } else {
            opsctl.out().print(StatusText.render(status, described));
        }
        if (html != null) {
            Path file = opsctl.workingDir().resolve(html);
            LocalJson.writeAtomically(file, StatusPage.render(status, described).getBytes(StandardCharsets.UTF_8));
            opsctl.err().println("[status] page written to " + file);
        }
        opsctl.err().println("[status] " + status.overall().label().toLowerCase(Locale.ROOT) + ": "
                + count(status, Verdict.SAFE) + " safe, " + count(status, Verdict.AT_RISK) + " at risk, "
                + count(status, Verdict.UNKNOWN) + " unknown");
        return exitCode(status.overall());
    }

    /** For cron and monitoring checks: 0 SAFE, 1 AT RISK (a check failed), 3 UNKNOWN (the evidence is not there). */
    static int exitCode(Verdict overall) {
        return switch (overall) {
            case SAFE -> ExitCode.OK;
            case AT_RISK -> ExitCode.CHECK_FAILED;
            case UNKNOWN -> ExitCode.ENVIRONMENT;
        };
    }

    private static long count(SafetyStatus status, Verdict verdict) {
        return status.databases().stream().filter(d -> d.verdict() == verdict).count();
    }
}
