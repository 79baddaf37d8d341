package com.silenttalk.automation.core.backup;

/** What kind of copy a snapshot is: the report says which one a drill proved. */
public enum CopyKind {
    /** A snapshot or dump the suite took itself (RDS manual snapshot, pg_dump archive), and its copies. */
    SUITE_SNAPSHOT,
    /** A recovery point a backup service made and keeps in its vault (AWS Backup), outside the suite's reach. */
    VAULT_RECOVERY_POINT
}
