package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.workflow.Progress;
import java.util.List;

/**
 * Fails the cache over with the database, where one is configured. Cache failovers are
 * asynchronous (an ElastiCache test failover or global datastore failover takes minutes),
 * so the switch reports progress like a promotion: every call is idempotent, the first one
 * starts the switch and later ones report whether the new primary is available.
 */
public interface CacheSwitcher {
    Progress<String> switchTo(FailoverPlan plan);

    List<String> requiredActions();

    CacheSwitcher NONE = new CacheSwitcher() {
        @Override
        public Progress<String> switchTo(FailoverPlan plan) {
            return Progress.ready("no cache configured");
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    };
}
