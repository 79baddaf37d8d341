package com.silenttalk.automation.local.ledger;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestRate;
import java.nio.file.Path;
import java.time.Instant;

/** A second process for {@link FileRequestBudgetTest}: once told to go, reserves N slots of one bucket and prints them, one a line. */
final class FileRequestBudgetChild {
    static final RequestBucket BUCKET = RequestBucket.rds("123456789012", "eu-west-1");

    private FileRequestBudgetChild() {
    }

    public static void main(String[] args) throws java.io.IOException {
        // warm up on another bucket, so both processes reserve at full speed once the parent says go
        FileRequestBudget warmup = new FileRequestBudget(Path.of(args[0]), new RequestRate(12));
        for (int i = 0; i < 2000; i++) {
            warmup.reserve(RequestBucket.rds("999999999999", "eu-west-1"), Instant.parse(args[1]));
        }
        System.out.println("ready");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        FileRequestBudget budget = new FileRequestBudget(Path.of(args[0]), new RequestRate(12));
        Instant now = Instant.parse(args[1]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            out.append(budget.reserve(BUCKET, now)).append('\n');
        }
        System.out.print(out);
    }
}
