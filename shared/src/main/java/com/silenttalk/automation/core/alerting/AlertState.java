package com.silenttalk.automation.core.alerting;

/** Whether the condition behind an alert holds (FIRING) or has cleared (RESOLVED). */
public enum AlertState {
    FIRING,
    RESOLVED
}
