package com.silenttalk.automation.azure.runtime;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The log of the function invocation running on this thread ({@code ExecutionContext.getLogger()}), for what a worker
 * builds once and shares between invocations (the alert routing's deployment markers): a line it writes lands in the
 * invocation's own log, as every other line of the function does. The Java worker runs an invocation on one thread
 * from start to end; the caller binds the invocation's logger for the work it hands over. Outside any binding a line
 * goes to this class's JUL logger, the worker's own log.
 */
public final class InvocationLog {
    private static final ThreadLocal<Logger> CURRENT = new ThreadLocal<>();
    private static final Logger OUTSIDE_AN_INVOCATION = Logger.getLogger(InvocationLog.class.getName());

    private InvocationLog() {
    }

    /** Runs {@code work} with its lines going to {@code invocation}, the function's {@code context.getLogger()}. */
    public static <T> T within(Logger invocation, Supplier<T> work) {
        Logger outer = CURRENT.get();
        CURRENT.set(invocation);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    public static void warning(String line) {
        Logger invocation = CURRENT.get();
        (invocation == null ? OUTSIDE_AN_INVOCATION : invocation).warning(line);
    }
}
