package com.silenttalk.automation.aws.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * DynamoDB (dynalite) and S3 (S3Mock) together, for tests that need both (the ledger and the
 * report bucket): the same servers {@link Dynalite} and {@link S3Mock} start, one each per run.
 */
public final class AwsStorage implements BeforeAllCallback, ParameterResolver {
    /** The two servers' endpoints, on 127.0.0.1. */
    public record Servers(LocalProcessServer dynamo, LocalProcessServer s3) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers(context);
    }

    private static Servers servers(ExtensionContext context) {
        return new Servers(Dynalite.server(context), S3Mock.server(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Servers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return servers(context);
    }
}
