package com.silenttalk.automation.bench;

/** The floor: a JVM that starts and says so, with the same classpath as the cold-start child. */
public final class BareJvm {
    private BareJvm() {
    }

    public static void main(String[] args) {
        System.out.println("FIRST_DONE");
    }
}
