package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;

/** A secret, a fake database and the use case wired to them, for the core rotation tests. */
final class RotationFixtures {
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf";
    static final String V1 = "00000000-0000-0000-0000-000000000001";
    static final String TOKEN = "11111111-2222-3333-4444-555555555555";
    static final char[] OLD = "old-password-0123456789abcdefXYZ".toCharArray();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    final InMemorySecretStore store;
    final FakeDatabaseTarget target;
    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final RotationStrategy strategy;
    /** One random source for every use case built here: a replayed create would draw a different password. */
    final Random random = new Random(7);
    final Credential admin = new Credential("admin", "db.internal", "admin-password-abcdefghijklmnop".toCharArray(), Map.of());

    RotationFixtures(RotationStrategy strategy, boolean keepsTwo) {
        this.strategy = strategy;
        Credential current = new Credential("app", "db.internal", OLD, Map.of("engine", "postgres", "port", "5432", "dbname", "app"));
        store = new InMemorySecretStore(SECRET, V1, current);
        store.label(TOKEN, Stage.PENDING, java.util.Optional.empty());
        target = new FakeDatabaseTarget(keepsTwo).user("app", OLD, "grant:table:public.orders:SELECT");
        target.user("admin", admin.password());
    }

    static RotationFixtures singleUser() {
        return new RotationFixtures(new RotationStrategy.SingleUser(), false);
    }

    static RotationFixtures alternating() {
        return new RotationFixtures(RotationStrategy.AlternatingUsers.forPrimary("app"), false);
    }

    RotateSecret useCase() {
        return useCase(ledger);
    }

    RotateSecret useCase(RunLedger runLedger) {
        return new RotateSecret(store, c -> target, new PasswordGenerator(random), c -> admin, strategy,
                PasswordPolicy.defaults(), runLedger, CLOCK);
    }

    StepResult step(RotationStep step) {
        return useCase().step(new RotationEvent(SECRET, TOKEN, step));
    }
}
