package com.silenttalk.automation.core.rotation;

/** A target that can keep two login roles identical, for the alternating-users strategy. */
public interface RoleTwinning {
    /** Creates {@code twin} when missing and makes its memberships, grants and default privileges those of {@code source}. */
    void makeTwin(Credential admin, String source, String twin);

    /** What a role may do and owns, with its own name replaced by a placeholder, so two twins compare equal. */
    RoleProfile profile(Credential admin, String role);
}
