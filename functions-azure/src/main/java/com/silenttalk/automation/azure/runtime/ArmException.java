package com.silenttalk.automation.azure.runtime;

/** ARM answered with an error (after the pipeline's retries), with its documented error code and message. */
public class ArmException extends RuntimeException {
    private final int status;
    private final String code;

    public ArmException(String operation, int status, String code, String message) {
        super(operation + " failed: HTTP " + status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
