package com.silenttalk.automation.local.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.ledger.RunLedgerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on files; "elsewhere" is a second FileRunLedger on the directory, as another opsctl process opens it. */
class FileRunLedgerTest extends RunLedgerContract {
    @TempDir
    Path dir;

    FileRunLedger ledger;

    @BeforeEach
    void open() {
        ledger = new FileRunLedger(dir.resolve("ledger"));
    }

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected RunLedger sameStoreElsewhere() {
        return new FileRunLedger(dir.resolve("ledger"));
    }

    @Test
    void find_whenNothingWasWritten_leavesNoDirectory() {
        assertThat(ledger.find(new RunKey("drill/x"))).isEmpty();

        assertThat(Files.exists(dir.resolve("ledger"))).isFalse();
    }

    @Test
    void readAll_listsEveryRecord_andStartedOnlyTheRunsStillOpen() {
        ledger.claim(AuditRecord.started(new RunKey("drill/a"), "drill", T0));
        ledger.claim(AuditRecord.started(new RunKey("drill/b"), "drill", T0));
        ledger.update(AuditRecord.started(new RunKey("drill/b"), "drill", T0).finish(Outcome.SUCCEEDED, T0, Map.of()));
        ledger.claim(AuditRecord.started(new RunKey("snapshot/a"), "snapshot", T0));

        assertThat(FileRunLedger.readAll(dir.resolve("ledger"))).hasSize(3);
        assertThat(ledger.started("drill")).extracting(r -> r.key().value()).containsExactly("drill/a");
    }
}
