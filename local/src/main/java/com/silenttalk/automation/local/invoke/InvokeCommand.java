package com.silenttalk.automation.local.invoke;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Runs one cloud function in-process on an event file, as the cloud would. With
 * {@code --dry-run} it validates the event exactly as the function does and prints the AWS
 * calls it would make as JSON lines, calling nothing. The function's configuration comes
 * from the same environment variables template.yaml sets (AWS_REGION, ST_ACCOUNT_ID,
 * ST_DR_REGION, ST_DATABASES, ST_DR_KMS_KEY_ID, ST_LEDGER_TABLE, ST_REPORT_BUCKET, ...).
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run a cloud function in-process on an event file (--dry-run: print the planned calls, call nothing).")
public final class InvokeCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--cloud", defaultValue = "aws", description = "Which cloud's functions: aws (default) or azure.")
    String cloud;

    @Option(names = "--function", paramLabel = "NAME", description = "The function to run; --list names them.")
    String function;

    @Option(names = "--event", paramLabel = "FILE", description = "The event JSON, as the service sends it.")
    Path event;

    @Option(names = "--dry-run", description = "Validate the event and print the planned AWS calls as JSON lines; call nothing.")
    boolean dryRun;

    @Option(names = "--list", description = "Name every function, its trigger and its handler.")
    boolean list;

    @Override
    public Integer call() {
        if ("azure".equals(cloud)) {
            return AzureInvoke.call(opsctl, function, event, dryRun, list);
        }
        if (!"aws".equals(cloud)) {
            throw new InvalidFieldException("--cloud", UntrustedText.quoted(cloud) + " has no functions here; use aws or azure");
        }
        return AwsInvoke.call(opsctl, function, event, dryRun, list);
    }
}
