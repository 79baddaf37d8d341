package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Map;
import java.util.Set;

/** The pruner's daily {@code Scheduled Event} in the function's own region; {@code detail.dryRun} overrides ST_PRUNE_DRY_RUN. */
record PruneEvent(String eventId, boolean dryRun) {
    static PruneEvent parse(Map<String, Object> event, AwsSettings settings, boolean dryRunByDefault) {
        EventEnvelope e = EventEnvelope.parse(event, Set.of("aws.events", "aws.scheduler"), Set.of("Scheduled Event"),
                settings.allowedAccounts());
        if (!e.region().equals(settings.region())) {
            throw new InvalidFieldException("region", "'" + e.region() + "' is not this function's region " + settings.region());
        }
        Object dryRun = e.detail().get("dryRun");
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            throw new InvalidFieldException("detail.dryRun", "must be true or false");
        }
        return new PruneEvent(e.id(), dryRun == null ? dryRunByDefault : (Boolean) dryRun);
    }
}
