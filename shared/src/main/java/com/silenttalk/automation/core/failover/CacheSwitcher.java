package com.silenttalk.automation.core.failover;

import java.util.List;
import java.util.Optional;

/** Fails the cache over with the database, where one is configured. */
public interface CacheSwitcher {
    /** Empty when no cache is configured for the group. */
    Optional<String> switchTo(FailoverPlan plan);

    List<String> requiredActions();

    CacheSwitcher NONE = new CacheSwitcher() {
        @Override
        public Optional<String> switchTo(FailoverPlan plan) {
            return Optional.empty();
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    };
}
