package com.silenttalk.automation.local.drill;

import java.nio.file.Path;

/**
 * What {@code opsctl drill} was asked, as its runs (local, demo, AWS, Azure) read it; each run refuses the options
 * that do not apply to it, naming the option.
 */
record DrillOptions(boolean demo, long rows, String sourceUrl, Path reportDir, String cloud, String stateMachine, String functionUrl,
                    String database, String runId, boolean waitForResult, long pollSeconds, long timeoutMinutes) {
}
