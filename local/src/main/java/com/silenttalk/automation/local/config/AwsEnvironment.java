package com.silenttalk.automation.local.config;

import com.silenttalk.automation.core.InvalidFieldException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** How opsctl reaches AWS (and S3-compatible) APIs from its environment, the way the AWS tools configure themselves. */
public final class AwsEnvironment {
    private AwsEnvironment() {
    }

    /**
     * Keys from the two named variables (and AWS_SESSION_TOKEN) when both are set, else the SDK's default chain
     * (profile, SSO, instance role). The values are never logged or echoed.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env, String keyIdVariable, String secretVariable) {
        String key = env.get(keyIdVariable);
        String secret = env.get(secretVariable);
        if (key == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(session == null ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, session));
    }

    /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the default chain. */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        return credentials(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }

    /**
     * The endpoint in the first of these variables that is set (as the SDK reads AWS_ENDPOINT_URL_&lt;SERVICE&gt; before
     * AWS_ENDPOINT_URL); empty when none is. A value that is not a URL is refused naming {@code field}.
     */
    public static Optional<URI> endpoint(Map<String, String> env, String field, String... variables) {
        for (String variable : variables) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(url(field, value));
            }
        }
        return Optional.empty();
    }

    /** An http(s) URL with a host, or one line naming {@code field}. */
    public static URI url(String field, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("no http(s) scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "is not an http(s) URL");
        }
    }
}
