package com.silenttalk.automation.azure.failover;

/**
 * Writes a probe row on a server and reads it back over the PostgreSQL protocol. Azure Resource
 * Manager can say that a server is a Ready primary, but not that it accepts a write: that needs a
 * real connection (JDBC, with the credentials from Key Vault), which lives outside this package.
 * Implementations throw when the connection, the write or the read-back fails, so that the
 * failover chain halts before re-protecting.
 */
@FunctionalInterface
public interface WriteProbe {
    /**
     * @param server the Flexible Server's name, as the failover plan names it
     * @param host   its {@code fullyQualifiedDomainName} as ARM reports it
     */
    void writeAndReadBack(String server, String host);
}
