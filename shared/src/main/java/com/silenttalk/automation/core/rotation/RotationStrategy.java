package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;

/** How a rotation changes logins on the target. */
public sealed interface RotationStrategy {
    /** The user the pending version will carry, given the current one. */
    String nextUsername(String currentUsername);

    /** One role whose password changes: the old password stops working when the new one is set (unless the target can hold two). */
    record SingleUser() implements RotationStrategy {
        @Override
        public String nextUsername(String currentUsername) {
            return currentUsername;
        }
    }

    /**
     * Two identical roles, {@code primary} and {@code twin}: each rotation changes the one that is not
     * current, so the current login keeps working until the rotation after next.
     */
    record AlternatingUsers(String primary, String twin) implements RotationStrategy {
        public AlternatingUsers {
            if (primary == null || primary.isBlank() || twin == null || twin.isBlank() || primary.equals(twin)) {
                throw new InvalidFieldException("strategy.users", "alternating-users needs two different user names");
            }
        }

        public static AlternatingUsers forPrimary(String primary) {
            return new AlternatingUsers(primary, primary + "_clone");
        }

        @Override
        public String nextUsername(String currentUsername) {
            if (currentUsername.equals(primary)) {
                return twin;
            }
            if (currentUsername.equals(twin)) {
                return primary;
            }
            throw new RotationRejectedException("username",
                    "current user " + UntrustedText.quoted(currentUsername) + " is neither " + UntrustedText.quoted(primary) + " nor " + UntrustedText.quoted(twin));
        }
    }

    static RotationStrategy parse(String name, String primaryUser) {
        return switch (name) {
            case "single-user" -> new SingleUser();
            case "alternating-users" -> AlternatingUsers.forPrimary(primaryUser.endsWith("_clone")
                    ? primaryUser.substring(0, primaryUser.length() - "_clone".length()) : primaryUser);
            default -> throw new InvalidFieldException("strategy", "must be single-user or alternating-users, got " + UntrustedText.quoted(name));
        };
    }
}
