package com.silenttalk.automation.core.rotation;

/** Where new passwords come from: {@link PasswordGenerator} here, Secrets Manager's GetRandomPassword on AWS. */
public interface PasswordSource {
    char[] newPassword(PasswordPolicy policy);
}
