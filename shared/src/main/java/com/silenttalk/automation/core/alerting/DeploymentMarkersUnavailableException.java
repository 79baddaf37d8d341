package com.silenttalk.automation.core.alerting;

/**
 * The deployment markers could not be listed at all (the bucket, container or directory did not answer). Never read
 * as "no deployment in progress": a caller that guards something on a deployment must decide what not knowing means.
 */
public final class DeploymentMarkersUnavailableException extends RuntimeException {
    /**
     * @param where  the store, as an operator finds it (an s3:// or container prefix, a directory)
     * @param reason what went wrong, without secrets (an error code, an I/O message)
     */
    public DeploymentMarkersUnavailableException(String where, String reason, Throwable cause) {
        super("cannot list deployment markers in " + where + ": " + reason, cause);
    }
}
