package com.silenttalk.automation.aws.failover;

/** Writes and reads back a row on a node; the RDS API cannot prove writability, only a connection can. */
public interface WriteProbe {
    void writeAndReadBack(RdsTopology.Node node);
}
