package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.rotation.Credential;
import java.util.Arrays;
import java.util.Properties;

/**
 * The driver properties of a login from a stored credential. The password leaves its char
 * array only into the returned properties: callers remove it ({@link #forget}) once connected.
 */
public final class JdbcLogin {
    private JdbcLogin() {
    }

    public static Properties properties(Credential credential, String sslMode, String applicationName) {
        Properties props = new Properties();
        props.setProperty("user", credential.username());
        char[] password = credential.password();
        props.setProperty("password", new String(password));
        Arrays.fill(password, '\0');
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "15");
        props.setProperty("ApplicationName", applicationName);
        return props;
    }

    public static void forget(Properties props) {
        props.remove("password");
    }
}
