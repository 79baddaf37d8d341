package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;

/** An operator's query run on the restored database, with the single value it must return (as text). */
public record SqlProbe(String name, String sql, String expect) {
    public SqlProbe {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "a probe needs a name");
        }
        if (sql == null || sql.isBlank()) {
            throw new InvalidFieldException("sql", "probe " + UntrustedText.quoted(name) + " needs a query");
        }
        if (expect == null) {
            throw new InvalidFieldException("expect", "probe " + UntrustedText.quoted(name) + " needs an expected value");
        }
    }
}
