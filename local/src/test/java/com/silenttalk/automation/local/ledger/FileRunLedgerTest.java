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

    @Test
    void fileOf_whenTheKeyFitsInAName_isItsBase64AsBefore_andALongerKeyIsItsHash() {
        Path ledgerDir = dir.resolve("ledger");
        RunKey fits = new RunKey("r".repeat(168)); // 224 base64 characters
        RunKey longer = new RunKey("r".repeat(169));

        assertThat(FileRunLedger.fileOf(ledgerDir, new RunKey("drill/x:1")).getFileName().toString()).isEqualTo("ZHJpbGwveDox.json");
        assertThat(FileRunLedger.fileOf(ledgerDir, fits).getFileName().toString()).hasSize(224 + 5).doesNotContain("~");
        assertThat(FileRunLedger.fileOf(ledgerDir, longer).getFileName().toString()).startsWith("sha256~").hasSize(7 + 64 + 5);
        ledger.claim(AuditRecord.started(fits, "drill", T0));
        ledger.update(AuditRecord.started(fits, "drill", T0).finish(Outcome.SUCCEEDED, T0, Map.of()));
        assertThat(ledger.find(fits)).get().extracting(AuditRecord::outcome).isEqualTo(Outcome.SUCCEEDED);
    }
}
