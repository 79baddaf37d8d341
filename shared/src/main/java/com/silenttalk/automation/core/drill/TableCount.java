package com.silenttalk.automation.core.drill;

/** A table's rows at snapshot time and after the restore (-1 where the table was missing). */
public record TableCount(String table, long snapshotRows, long restoredRows) {
    public boolean matches() {
        return snapshotRows == restoredRows;
    }
}
