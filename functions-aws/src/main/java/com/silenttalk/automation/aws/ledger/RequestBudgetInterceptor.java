package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestPacer;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Puts an SDK client's requests under a shared {@link com.silenttalk.automation.core.ledger.RequestBudget}: every
 * HTTP attempt (first tries and the SDK's retries alike) waits for its slot in the bucket, as late as the SDK allows
 * (after signing, just before the request is sent), so the slot and the arrival at the service are close together.
 */
public final class RequestBudgetInterceptor implements ExecutionInterceptor {
    private final RequestPacer pacer;
    private final RequestBucket bucket;

    public RequestBudgetInterceptor(RequestPacer pacer, RequestBucket bucket) {
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        pacer.awaitSlot(bucket);
    }
}
