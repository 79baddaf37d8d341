package com.silenttalk.automation.core.alerting;

/** Where an alert came from, and through which delivery path. */
public enum AlertSource {
    /** A CloudWatch "Alarm State Change" event delivered by EventBridge (metric or composite alarm). */
    CLOUDWATCH_EVENT(Cloud.AWS),
    /** A CloudWatch alarm notification delivered through SNS. */
    CLOUDWATCH_SNS(Cloud.AWS),
    /** An Azure Monitor metric alert (common alert schema). */
    AZURE_METRIC(Cloud.AZURE),
    /** An Azure Monitor log search alert (common alert schema). */
    AZURE_LOG_SEARCH(Cloud.AZURE),
    /** An Azure Monitor activity log alert (common alert schema). */
    AZURE_ACTIVITY_LOG(Cloud.AZURE),
    /** An Azure Resource Health alert (common alert schema). */
    AZURE_RESOURCE_HEALTH(Cloud.AZURE);

    public enum Cloud { AWS, AZURE }

    private final Cloud cloud;

    AlertSource(Cloud cloud) {
        this.cloud = cloud;
    }

    public Cloud cloud() {
        return cloud;
    }
}
