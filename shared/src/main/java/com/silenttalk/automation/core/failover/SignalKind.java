package com.silenttalk.automation.core.failover;

/** Independent ways of knowing the primary is down; a quorum needs distinct kinds. */
public enum SignalKind {
    /** An external health check (Route 53, Front Door, a load balancer) against the primary. */
    HEALTH_CHECK,
    /** The automation itself cannot connect to the primary. */
    REACHABILITY,
    /** A metric alarm on the primary (connections, errors, replication). */
    ALARM
}
