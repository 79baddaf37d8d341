package com.silenttalk.automation.core.alerting;

import java.util.List;

/** The core tests' dead letters keep the contract the real stores keep. */
class InMemoryDeadLettersTest extends DeadLettersContract {
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

    @Override
    protected DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    protected List<Kept> kept() {
        return deadLetters.letters().stream().map(l -> new Kept(l.delivery().channel().name(), l.delivery().channel().kind(),
                l.delivery().action(), l.delivery().rule(), l.delivery().alert().dedupeKey(), l.reason(), l.at())).toList();
    }
}
