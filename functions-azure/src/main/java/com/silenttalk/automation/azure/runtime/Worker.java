package com.silenttalk.automation.azure.runtime;

import java.time.Clock;

/**
 * What one Functions worker builds once and shares across invocations: the settings and the
 * SDK clients. Built on first use (the JVM's class-holder idiom), never per invocation.
 */
public final class Worker {
    private Worker() {
    }

    private static final class Holder {
        static final AzureSettings SETTINGS = AzureSettings.fromEnv(System.getenv());
        static final AzureClients CLIENTS = AzureClients.forFunctions(System.getenv());
    }

    public static AzureSettings settings() {
        return Holder.SETTINGS;
    }

    public static AzureClients clients() {
        return Holder.CLIENTS;
    }

    public static Clock clock() {
        return Clock.systemUTC();
    }

    /** ARM long-running operations: up to 8 polls (about 2 minutes at ARM's usual 15 s) within one invocation. */
    public static ArmClient arm() {
        return arm(settings(), clients());
    }

    /** The same ARM client outside the Functions host (opsctl invoke), from the same settings. */
    public static ArmClient arm(AzureSettings settings, AzureClients clients) {
        return clients.arm(settings.armEndpoint(), Sleeper.SYSTEM, 8);
    }
}
