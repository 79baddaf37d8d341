package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.drill.DrillCommands.Start;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A drill step's dry-run: the calls of a start (listing, restore, teardown) or of the state's next step. */
final class DrillPlan {
    private DrillPlan() {
    }

    /** What one turn of this command would call; the calls that follow depend on what the listings return. */
    static List<PlannedCall> of(DrillWiring drill, Object command, Instant now) {
        AwsSettings settings = drill.settings();
        if (command instanceof Start start && start.copy() == CopyKind.VAULT_RECOVERY_POINT) {
            String runId = start.database().value() + "-" + DrillCommands.RUN_STAMP.format(now);
            List<PlannedCall> calls = new ArrayList<>(drill.vault().plannedList(start.database()));
            calls.addAll(drill.vaultRestorer().plannedRestore("<newest completed recovery point of " + start.database() + " in "
                    + drill.vault().vault() + ">", "drill-" + runId));
            calls.addAll(drill.restorer().plannedTearDown(start.database(), "drill-" + runId));
            return calls;
        }
        if (command instanceof Start start) {
            List<PlannedCall> calls = new ArrayList<>(drill.dr().plannedList());
            String runId = start.database().value() + "-" + DrillCommands.RUN_STAMP.format(now);
            calls.addAll(drill.restorer().plannedRestore(start.database(), "<latest available " + start.database()
                    + " snapshot in " + settings.drRegion() + ">", "drill-" + runId));
            calls.addAll(drill.restorer().plannedTearDown(start.database(), "drill-" + runId));
            return calls;
        }
        DrillState state = (DrillState) command;
        String snapshot = state.replica() == null ? "<replica>" : state.replica().id().value();
        DatabaseId database = state.request().database();
        if (state.replica() != null && state.replica().kind() == CopyKind.VAULT_RECOVERY_POINT) {
            return switch (state.step()) {
                case RESTORE -> state.restoreJob() == null
                        ? drill.vaultRestorer().plannedRestore(state.replica().location(), state.instanceName())
                        : List.of(new PlannedCall("backup", "DescribeRestoreJob", settings.drRegion(),
                                Map.of("RestoreJobId", state.restoreJob())));
                case TEARDOWN -> drill.restorer().plannedTearDown(database, state.instanceName());
                default -> List.of();
            };
        }
        return switch (state.step()) {
            case RESTORE -> drill.restorer().plannedRestore(database, snapshot, state.instanceName());
            case TEARDOWN -> drill.restorer().plannedTearDown(database, state.instanceName());
            default -> List.of();
        };
    }

}
