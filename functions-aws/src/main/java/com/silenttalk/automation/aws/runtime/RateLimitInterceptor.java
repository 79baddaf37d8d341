package com.silenttalk.automation.aws.runtime;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Takes a permit before every HTTP attempt (first tries and retries alike). */
final class RateLimitInterceptor implements ExecutionInterceptor {
    private final RequestRateLimiter limiter;

    RateLimitInterceptor(RequestRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        limiter.acquire();
    }
}
