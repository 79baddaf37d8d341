package com.silenttalk.automation.core.drill;

import java.util.List;

/** Measures a restored database: TLS, schema fingerprint, exact row counts (one scan per table), probes. */
public interface DatabaseInspector {
    DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes);
}
