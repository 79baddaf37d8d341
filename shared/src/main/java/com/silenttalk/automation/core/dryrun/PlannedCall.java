package com.silenttalk.automation.core.dryrun;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One call a dry-run would make and does not, on any runner: the service it goes to (an AWS service, an Azure plane,
 * {@code webhook}, {@code postgresql}), the operation (an API action or an HTTP method, with a note when it only
 * happens on a condition), where it goes (a region, a URL, a resource) and what identifies it (never a secret).
 */
public record PlannedCall(String service, String operation, String target, Map<String, Object> parameters) {
    public PlannedCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * The names a runner prints a call's four parts under: operators of each cloud read their own words (AWS:
     * service, operation, region, parameters; Azure: plane, method, target, body), and scripts written against a
     * runner's plans keep working.
     */
    public record Wording(String service, String operation, String target, String parameters) {
        public Wording {
            for (String name : new String[] {service, operation, target, parameters}) {
                if (name == null || name.isBlank()) {
                    throw new InvalidFieldException("wording", "every part of a planned call needs a name");
                }
            }
            if (Stream.of(service, operation, target, parameters).distinct().count() != 4) {
                throw new InvalidFieldException("wording", "two parts of a planned call cannot share the name");
            }
        }
    }

    /** The call as the fields of one printed line, named as {@code wording} says, in one order on every runner. */
    public Map<String, Object> fields(Wording wording) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(wording.service(), service);
        line.put(wording.operation(), operation);
        line.put(wording.target(), target);
        line.put(wording.parameters(), parameters);
        return line;
    }
}
