package com.silenttalk.automation.core.backup;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a logical restore of a snapshot needs from an empty server, and what such a restore
 * does not carry over. Recorded at snapshot time, in the snapshot, so that the drill can refuse
 * early (a missing extension) and report plainly what it left out instead of skipping it silently.
 *
 * @param roles      roles the dump names, to create (NOLOGIN) before the restore
 * @param extensions installed extensions, name to version
 * @param leftOut    what the source has that the restore leaves out (tablespaces, grants, owners), one line each
 */
public record RestoreScope(List<RoleDefinition> roles, Map<String, String> extensions, List<String> leftOut) {
    public RestoreScope {
        roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
        extensions = Map.copyOf(new TreeMap<>(Objects.requireNonNull(extensions, "extensions")));
        leftOut = List.copyOf(Objects.requireNonNull(leftOut, "leftOut"));
    }

    public static final RestoreScope NOTHING = new RestoreScope(List.of(), Map.of(), List.of());
}
