package com.silenttalk.automation.azure.flexibleserver;

/** A Flexible Server administrator's password, read by its secret's URI; the caller wipes the returned characters. */
@FunctionalInterface
public interface AdminPasswords {
    char[] password(String secretUri);
}
