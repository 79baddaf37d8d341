package com.silenttalk.automation.local.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process that locks a lease file and writes no name in it, as a run does for an instant after it
 * locks: says "locked" on stdout and holds the lock until its stdin closes.
 */
public final class UnnamedLockHolder {
    private UnnamedLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
