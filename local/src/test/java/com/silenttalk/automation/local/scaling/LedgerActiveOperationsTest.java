package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.scaling.ActiveOperations;
import com.silenttalk.automation.core.scaling.ActiveOperationsContract;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The active-operations contract on the local ledger's directory, the records written by FileRunLedger. */
class LedgerActiveOperationsTest extends ActiveOperationsContract {
    @TempDir
    Path dir;

    @Override
    protected RunLedger ledger() {
        return new FileRunLedger(dir.resolve("ledger"));
    }

    @Override
    protected ActiveOperations operations() {
        return new LedgerActiveOperations(dir.resolve("ledger"));
    }
}
