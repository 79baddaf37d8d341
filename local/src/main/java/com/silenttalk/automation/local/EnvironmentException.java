package com.silenttalk.automation.local;

import com.azure.core.exception.AzureException;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.core.EnvironmentFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import software.amazon.awssdk.core.exception.SdkException;

/** The environment failed: a server is unreachable, a binary is missing, a tool crashed. Exit code 3. */
public class EnvironmentException extends EnvironmentFailedException {
    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when the failure, or anything that caused it, is the world outside failing: I/O, a
     * cloud service or its client, a database (a function run for real whose KMS key is refused, a
     * file that vanished). That is exit 3, not a bug.
     */
    public static boolean causedOutside(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof SQLException
                    || t instanceof SdkException || t instanceof AzureException || t instanceof ArmException) {
                return true;
            }
        }
        return false;
    }
}
